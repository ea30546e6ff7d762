// When the picture stood still: the freeze rule the page's live detector and the pure verdict
// share, so what the page noticed as it happened and what `evaluate` finds in the recorded
// frames are the same thing. Pure and browser-safe.

/**
 * The freeze rule of webrtc-stats' freezeCount: no new frame for longer than max(3 x the
 * average frame interval, the average + 150 ms).
 */
export function freezeThresholdMs(averageIntervalMs: number): number {
  return Math.max(3 * averageIntervalMs, averageIntervalMs + 150);
}

export interface Freeze {
  /** ms: when the last new frame before the freeze was shown. */
  fromMs: number;
  durationMs: number;
  /** True when no new frame came before the recording ended. */
  open: boolean;
}

/** A time the reading page itself did not run (ms). */
export interface Stall {
  fromMs: number;
  durationMs: number;
}

const overlap = (a: { fromMs: number; durationMs: number }, b: { fromMs: number; durationMs: number }) =>
  Math.max(0, Math.min(a.fromMs + a.durationMs, b.fromMs + b.durationMs) - Math.max(a.fromMs, b.fromMs));

export interface Freezes {
  freezes: Freeze[];
  /** Waits that were freezes only because the page was stalled: what is left without the stalls is within the rule. */
  explainedByStalls: Freeze[];
}

/**
 * Freezes among the times new frames were shown (ascending), up to `endMs`: the average interval
 * is the median of all intervals (steady against the freezes themselves); a wait after the last
 * frame until `endMs` counts as well, so a source that stopped is a freeze, not a short recording.
 * A wait is no freeze of the call when, without the times the page was stalled, it is within the rule.
 */
export function freezesOf(shownAt: readonly number[], endMs: number, nominalIntervalMs: number, stalls: readonly Stall[] = []): Freezes {
  const intervals = shownAt.slice(1).map((t, i) => t - shownAt[i]!);
  const sorted = [...intervals].sort((a, b) => a - b);
  const typical = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : nominalIntervalMs;
  const limit = freezeThresholdMs(typical);
  const waits: Freeze[] = intervals.flatMap((gap, i) => (gap > limit ? [{ fromMs: shownAt[i]!, durationMs: gap, open: false }] : []));
  const last = shownAt.at(-1);
  if (last !== undefined && endMs - last > limit) waits.push({ fromMs: last, durationMs: endMs - last, open: true });
  const unexplained = (wait: Freeze) => wait.durationMs - stalls.reduce((sum, stall) => sum + overlap(wait, stall), 0);
  return { freezes: waits.filter((w) => unexplained(w) > limit), explainedByStalls: waits.filter((w) => unexplained(w) <= limit) };
}
