import { describe, expect, it } from 'vitest';
import { type LumaImage, MARK_BLACK, MARK_BLOCKS, MARK_WHITE, SCENE_TOP, SOURCE_HEIGHT, SOURCE_WIDTH, crc8, decodeMark, encodeMark } from './frameMark.js';

/** A 640x480 luma picture with the mark of (frame, sendMs) drawn as the page draws it, over a mid-grey strip and a busy scene. */
function marked(frame: number, sendMs: number): Float32Array {
  const data = new Float32Array(SOURCE_WIDTH * SOURCE_HEIGHT);
  for (let y = 0; y < SOURCE_HEIGHT; y++) for (let x = 0; x < SOURCE_WIDTH; x++) data[y * SOURCE_WIDTH + x] = y < SCENE_TOP ? 76 : (x * 7 + y * 13) % 256;
  const bits = encodeMark(frame, sendMs);
  for (const block of MARK_BLOCKS) {
    const white = block.role === 'white' || (typeof block.role === 'number' && bits[block.role]);
    for (let y = block.y; y < block.y + block.size; y++)
      for (let x = block.x; x < block.x + block.size; x++) data[y * SOURCE_WIDTH + x] = white ? MARK_WHITE : MARK_BLACK;
  }
  return data;
}

/** Box-filter downscale by an integer factor: what a scaler does to the blocks. */
function downscale(data: Float32Array, factor: number): LumaImage {
  const width = SOURCE_WIDTH / factor;
  const height = SOURCE_HEIGHT / factor;
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) sum += data[(y * factor + dy) * SOURCE_WIDTH + x * factor + dx]!;
      out[y * width + x] = sum / (factor * factor);
    }
  return { width, height, data: out };
}

/** A 5x5 box blur (compression smears edges) plus deterministic noise of ±amplitude. */
function blurAndNoise(image: LumaImage, amplitude: number): LumaImage {
  const { width, height, data } = image;
  const out = new Float32Array(width * height);
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed / 0x7fffffff) * 2 - 1;
  };
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < height && xx >= 0 && xx < width) {
            sum += data[yy * width + xx]!;
            n++;
          }
        }
      out[y * width + x] = sum / n + noise() * amplitude;
    }
  return { width, height, data: out };
}

const full = (data: Float32Array): LumaImage => ({ width: SOURCE_WIDTH, height: SOURCE_HEIGHT, data });

describe('frame marks', () => {
  it('read back exactly what was drawn, at full size', () => {
    for (const [frame, sendMs] of [
      [0, 0],
      [1, 33],
      [12345, 411_500],
      [65535, 2 ** 24 - 1],
    ] as const)
      expect(decodeMark(full(marked(frame, sendMs)))).toEqual({ frame, sendMs });
  });

  it('wrap: the frame number counts modulo 2^16, the send time modulo 2^24 ms', () => {
    expect(decodeMark(full(marked(65536 + 7, 2 ** 24 + 5)))).toEqual({ frame: 7, sendMs: 5 });
  });

  it('survive a blur and ±20 levels of noise at full size, and at 320x240 and 160x120 (blocks of 10 and 5 pixels)', () => {
    const picture = marked(4242, 98_765);
    expect(decodeMark(blurAndNoise(full(picture), 20))).toEqual({ frame: 4242, sendMs: 98_765 });
    expect(decodeMark(blurAndNoise(downscale(picture, 2), 20))).toEqual({ frame: 4242, sendMs: 98_765 });
    expect(decodeMark(blurAndNoise(downscale(picture, 4), 10))).toEqual({ frame: 4242, sendMs: 98_765 });
  });

  it('survive a washed-out picture: the threshold follows the reference blocks, not fixed levels', () => {
    const picture = marked(77, 1234).map((v) => 100 + v * 0.3);
    expect(decodeMark(full(picture))).toEqual({ frame: 77, sendMs: 1234 });
  });

  it('are refused when a bit is wrong (the CRC catches it), and absent from a black or flat picture', () => {
    const picture = marked(300, 5000);
    const block = MARK_BLOCKS.find((b) => b.role === 3)!;
    for (let y = block.y; y < block.y + block.size; y++)
      for (let x = block.x; x < block.x + block.size; x++) picture[y * SOURCE_WIDTH + x] = picture[y * SOURCE_WIDTH + x]! > 128 ? MARK_BLACK : MARK_WHITE;
    expect(decodeMark(full(picture))).toBeNull();
    expect(decodeMark(full(new Float32Array(SOURCE_WIDTH * SOURCE_HEIGHT)))).toBeNull();
    expect(decodeMark(full(new Float32Array(SOURCE_WIDTH * SOURCE_HEIGHT).fill(128)))).toBeNull();
  });

  it('CRC-8 (0x07) matches the standard check value', () => {
    // "123456789" -> 0xF4 for CRC-8/SMBUS.
    expect(crc8([...'123456789'].map((c) => c.charCodeAt(0)))).toBe(0xf4);
  });
});
