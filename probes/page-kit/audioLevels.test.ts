import { describe, expect, it } from 'vitest';
import { BurstDetector, CLIP_RUN, LevelMeter } from './audioLevels.js';

const RATE = 48_000;
const tone = (ms: number, amplitude: number, hz = 1000) =>
  Float32Array.from({ length: (RATE * ms) / 1000 }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / RATE));
const silence = (ms: number) => new Float32Array((RATE * ms) / 1000);

describe('microphone levels', () => {
  it('a sine of amplitude 0.5: RMS -9 dB, peak -6 dB, no clipping', () => {
    const meter = new LevelMeter();
    meter.push(tone(500, 0.5));
    expect(meter.summary()).toMatchObject({ rmsDb: -9, peakDb: -6, clippedRuns: 0 });
  });

  it('digital silence is -200 dB (JSON has no -Infinity), far below the -60 dB of a silent microphone', () => {
    const meter = new LevelMeter();
    meter.push(silence(100));
    expect(meter.summary().rmsDb).toBe(-200);
  });

  it(`clipping: runs of more than ${CLIP_RUN} full-scale samples, each counted once, across block boundaries too`, () => {
    const meter = new LevelMeter();
    const block = new Float32Array(100).fill(0.2);
    block.fill(1, 10, 10 + CLIP_RUN); // exactly the limit: not clipping
    block.fill(-1, 30, 30 + CLIP_RUN + 1); // one more: clipping
    block.fill(1, 96, 100); // 4 at the end of this block...
    meter.push(block);
    meter.push(Float32Array.from([1, 1, 1, 0.1])); // ...and 3 at the start of the next: 7 in a row
    expect(meter.summary().clippedRuns).toBe(2);
  });
});

describe('tone bursts', () => {
  it('finds each burst with its start to the sample, its length and its level', () => {
    const detector = new BurstDetector(RATE);
    for (const part of [silence(100), tone(60, 0.5), silence(340), tone(60, 0.25), silence(100)]) detector.push(part);
    const bursts = detector.finish();
    expect(bursts).toHaveLength(2);
    expect(bursts[0]!.startMs).toBeCloseTo(100, 0);
    expect(bursts[0]!.lengthMs).toBeCloseTo(60, 0);
    expect(bursts[0]!.rmsDb).toBeCloseTo(-9, 0);
    expect(bursts[1]!.startMs).toBeCloseTo(500, 0);
    expect(bursts[1]!.rmsDb).toBeCloseTo(-15, 0);
  });

  it('a dip shorter than 5 ms is part of the burst; a longer gap splits it in two (a lost packet)', () => {
    const short = new BurstDetector(RATE);
    for (const part of [tone(30, 0.5), silence(3), tone(30, 0.5), silence(50)]) short.push(part);
    expect(short.finish()).toHaveLength(1);
    const long = new BurstDetector(RATE);
    for (const part of [tone(30, 0.5), silence(20), tone(30, 0.5), silence(50)]) long.push(part);
    expect(long.finish().map((b) => Math.round(b.lengthMs))).toEqual([30, 30]);
  });

  it('codec noise below -26 dBFS is no burst', () => {
    const detector = new BurstDetector(RATE);
    detector.push(tone(200, 0.04));
    expect(detector.finish()).toEqual([]);
  });
});
