// Thins a line for drawing: a 2-hour call sampled every second has 7200 points per line, more
// than a chart 1000 pixels wide can show. Each bucket keeps its lowest and highest point (in
// time order), so spikes and drops survive; a bucket with no value at all stays a gap.
import type { ChartLine } from './charts.js';

export const MAX_POINTS = 1500;

export function decimate(line: ChartLine, maxPoints = MAX_POINTS): ChartLine {
  const n = line.t.length;
  if (n <= maxPoints) return line;
  const buckets = Math.floor(maxPoints / 2);
  const size = n / buckets;
  const t: number[] = [];
  const y: (number | null)[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const v = line.y[i];
      if (v === null || v === undefined) continue;
      if (lo < 0 || v < line.y[lo]!) lo = i;
      if (hi < 0 || v > line.y[hi]!) hi = i;
    }
    if (lo < 0) {
      t.push(line.t[from]!);
      y.push(null);
      continue;
    }
    for (const i of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)]) {
      t.push(line.t[i]!);
      y.push(line.y[i]!);
    }
  }
  return { label: line.label, t, y };
}
