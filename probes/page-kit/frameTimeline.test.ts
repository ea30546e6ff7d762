import { describe, expect, it } from 'vitest';
import { freezeThresholdMs, freezesOf } from './frameTimeline.js';

/** Frames every 33.3 ms from `from` to `to`. */
const steady = (from: number, to: number) => Array.from({ length: Math.floor((to - from) / 33.3) + 1 }, (_, i) => from + i * 33.3);

describe('freezes', () => {
  it('the webrtc-stats rule: max(3x the average interval, the average + 150 ms)', () => {
    expect(freezeThresholdMs(33.3)).toBeCloseTo(183.3, 1);
    expect(freezeThresholdMs(100)).toBe(300);
  });

  it('a 400 ms wait among 30 fps frames is a freeze; a 150 ms one is not', () => {
    const shown = [...steady(0, 1000), ...steady(1400, 2000), ...steady(2150, 3000)];
    const { freezes } = freezesOf(shown, 3000, 33.3);
    expect(freezes).toHaveLength(1);
    expect(freezes[0]!.fromMs).toBeCloseTo(999, 0);
    expect(freezes[0]!.durationMs).toBeCloseTo(401, 0);
  });

  it('a source that stops: the wait until the end of the recording is an open freeze', () => {
    const { freezes } = freezesOf(steady(0, 4000), 8000, 33.3);
    expect(freezes).toEqual([{ fromMs: expect.closeTo(3996, 0), durationMs: expect.closeTo(4004, 0), open: true }]);
  });

  it('a wait the page itself was stalled through is no freeze of the call; one longer than the stall still is', () => {
    const shown = [...steady(0, 1000), ...steady(1400, 3000)];
    const covered = freezesOf(shown, 3000, 33.3, [{ fromMs: 1000, durationMs: 350 }]);
    expect(covered.freezes).toEqual([]);
    expect(covered.explainedByStalls).toHaveLength(1);
    const partly = freezesOf(shown, 3000, 33.3, [{ fromMs: 1000, durationMs: 100 }]);
    expect(partly.freezes).toHaveLength(1);
  });
});
