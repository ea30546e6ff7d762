// Runs in the browser: the marked video source. A canvas drawn at a steady rate and captured
// (captureStream), each frame a deterministic function of its number — a scrolling texture,
// moving shapes, a changing gradient, so an encoder works as on real video — with the frame
// number and send time marked along the top (frameMark.ts). The receiver redraws frame N with
// the same function to compare what arrived against what was sent.
import { MARK_BLACK, MARK_BLOCKS, MARK_WHITE, SCENE_TOP, SOURCE_HEIGHT, SOURCE_WIDTH, encodeMark } from './frameMark.js';

/**
 * `moving`: the marked scene throughout. `frozen-after-ms`: stops drawing at `freezeAtMs` (the
 * track delivers no new frame, as a hung camera or capture does). `black`: black frames
 * without marks (a covered or dead camera). The last two prove the detectors can fail.
 */
export type SourceMode = 'moving' | 'frozen-after-ms' | 'black';
export const SOURCE_MODES: readonly SourceMode[] = ['moving', 'frozen-after-ms', 'black'];

export interface SourceOptions {
  mode: SourceMode;
  fps: number;
  /** `frozen-after-ms` only: when the source stops drawing, ms after it started. */
  freezeAtMs: number;
}

/** A 256x256 texture of 4-pixel cells from a fixed seed: the same in every page that makes it. */
function texture(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = 256;
  canvas.height = 256;
  const ctx = canvas.getContext('2d')!;
  let seed = 0x2f6b1d;
  const next = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let y = 0; y < 256; y += 4) {
    for (let x = 0; x < 256; x += 4) {
      const v = Math.floor(next() * 200) + 28;
      ctx.fillStyle = `rgb(${v},${Math.floor(v * next())},${255 - v})`;
      ctx.fillRect(x, y, 4, 4);
    }
  }
  return canvas;
}

/** Draws frame `n` of the scene with its mark. Deterministic: the receiver calls it to regenerate a frame. */
export type FramePainter = (ctx: CanvasRenderingContext2D, n: number, sendMs: number) => void;

export function framePainter(): FramePainter {
  const tile = texture();
  return (ctx, n, sendMs) => {
    const gradient = ctx.createLinearGradient(0, SCENE_TOP, SOURCE_WIDTH, SOURCE_HEIGHT);
    gradient.addColorStop(0, `hsl(${(n * 3) % 360} 70% 45%)`);
    gradient.addColorStop(1, `hsl(${(n * 3 + 180) % 360} 70% 55%)`);
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, SOURCE_WIDTH, SOURCE_HEIGHT);
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, SCENE_TOP, SOURCE_WIDTH, SOURCE_HEIGHT - SCENE_TOP);
    ctx.clip();
    // The texture scrolls diagonally over the left half: detail that moves, as on real video.
    ctx.globalAlpha = 0.8;
    const ox = (n * 4) % 256;
    const oy = (n * 2) % 256;
    for (let y = SCENE_TOP - oy; y < SOURCE_HEIGHT; y += 256) for (let x = -ox; x < SOURCE_WIDTH / 2; x += 256) ctx.drawImage(tile, x, y);
    ctx.globalAlpha = 1;
    for (let i = 0; i < 3; i++) {
      const phase = n / (20 + i * 7) + i * 2;
      ctx.fillStyle = ['#f4d03f', '#e74c3c', '#2ecc71'][i]!;
      ctx.beginPath();
      ctx.arc(320 + Math.sin(phase) * 260, 270 + Math.cos(phase * 1.3) * 160, 30 + i * 12, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.translate(480, 300);
    ctx.rotate(n / 15);
    ctx.fillStyle = '#ecf0f1';
    ctx.fillRect(-70, -20, 140, 40);
    ctx.restore();
    ctx.fillStyle = '#000';
    ctx.font = 'bold 36px monospace';
    ctx.fillText(String(n).padStart(6, '0'), 460, SOURCE_HEIGHT - 20);
    // The mark last, over a plain strip: nothing of the scene bleeds into its blocks.
    ctx.fillStyle = `rgb(${MARK_BLACK + 60},${MARK_BLACK + 60},${MARK_BLACK + 60})`;
    ctx.fillRect(0, 0, SOURCE_WIDTH, SCENE_TOP);
    const bits = encodeMark(n, sendMs);
    for (const block of MARK_BLOCKS) {
      const white = block.role === 'white' || (typeof block.role === 'number' && bits[block.role]);
      const v = white ? MARK_WHITE : MARK_BLACK;
      ctx.fillStyle = `rgb(${v},${v},${v})`;
      ctx.fillRect(block.x, block.y, block.size, block.size);
    }
  };
}

export interface MarkedSource {
  stream: MediaStream;
  /** performance.now() when frame 0 was drawn: send times in marks count from here. */
  startedAt: number;
  /** Frames drawn so far. */
  framesDrawn(): number;
  /** performance.now() when the source stopped drawing (`frozen-after-ms`), or null. */
  stoppedAt(): number | null;
  stop(): void;
}

/** Starts drawing at `fps` (timer-driven, drift-corrected: rAF stops in a hidden tab) and captures the canvas. */
export function startMarkedSource(options: SourceOptions, paint: FramePainter): MarkedSource {
  const canvas = document.createElement('canvas');
  canvas.width = SOURCE_WIDTH;
  canvas.height = SOURCE_HEIGHT;
  const ctx = canvas.getContext('2d')!;
  const stream = canvas.captureStream();
  const interval = 1000 / options.fps;
  const startedAt = performance.now();
  let drawn = 0;
  let stoppedAt: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    const now = performance.now();
    if (options.mode === 'frozen-after-ms' && now - startedAt >= options.freezeAtMs) {
      stoppedAt = now;
      return;
    }
    if (options.mode === 'black') {
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, SOURCE_WIDTH, SOURCE_HEIGHT);
    } else paint(ctx, drawn, now - startedAt);
    drawn++;
    timer = setTimeout(draw, Math.max(0, startedAt + drawn * interval - performance.now()));
  };
  draw();
  return {
    stream,
    startedAt,
    framesDrawn: () => drawn,
    stoppedAt: () => stoppedAt,
    stop() {
      clearTimeout(timer);
      for (const track of stream.getTracks()) track.stop();
    },
  };
}
