// Series computed from getStats counters and raw fields, on the set's own time axis.
// Pure and browser-safe.

type Column = readonly (number | null)[];

/** Per-second rate of a counter, times `factor`; null at the first sample, across gaps and where the counter went back (a reset). */
export function ratePerSecond(t: readonly number[], counter: Column, factor = 1): (number | null)[] {
  return counter.map((value, i) => {
    const before = i > 0 ? counter[i - 1] : null;
    const dt = i > 0 ? t[i]! - t[i - 1]! : 0;
    if (value === null || before === null || before === undefined || dt <= 0 || value < before) return null;
    return ((value - before) / dt) * factor;
  });
}

/** 8 * Δbytes / Δt in kbit/s. */
export const kbitPerSecond = (t: readonly number[], bytes: Column) => ratePerSecond(t, bytes, 8 / 1000).map(round1);

/** Packets lost in each interval as a percentage of the packets expected in it (lost + received). */
export function lossPercent(lost: Column, received: Column): (number | null)[] {
  return lost.map((l, i) => {
    const l0 = i > 0 ? lost[i - 1] : null;
    const r = received[i];
    const r0 = i > 0 ? received[i - 1] : null;
    if (l === null || l0 === null || l0 === undefined || r === null || r === undefined || r0 === null || r0 === undefined) return null;
    const dl = l - l0;
    const dr = r - r0;
    if (dr < 0 || dl + dr <= 0) return null;
    return round1(Math.min(100, Math.max(0, (dl / (dl + dr)) * 100)));
  });
}

export const scaled = (column: Column, factor: number) => column.map((v) => (v === null ? null : round3(v * factor)));

function round1(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10) / 10;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
