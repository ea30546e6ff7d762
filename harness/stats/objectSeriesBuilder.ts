// Grows one stats object's SeriesSet sample by sample, as rtcstats dumps deliver them: a
// field seen for the first time gets a column padded with nulls for the samples before it,
// so every column stays aligned with `t`.
import type { SeriesSet } from '../../core/series.js';
import { isNumeric, keyedByUntrusted, toFinite, toLabel } from './values.js';

export class ObjectSeriesBuilder {
  readonly set: SeriesSet;
  readonly #labels = keyedByUntrusted<string>();

  constructor(name: string) {
    this.set = { name, t: [], series: keyedByUntrusted() };
  }

  get lastTime(): number | undefined {
    return this.set.t[this.set.t.length - 1];
  }

  /** Appends a sample at `t` (epoch ms) from a full stats object; fields that are not numbers become labels. */
  append(t: number, stats: Readonly<Record<string, unknown>>): void {
    const { series } = this.set;
    const index = this.set.t.length;
    this.set.t.push(t);
    for (const [field, value] of Object.entries(stats)) {
      if (field === 'timestamp' || field === 'id') continue;
      if (field === 'type') {
        if (typeof value === 'string') this.set.statsType = toLabel(value)!;
        continue;
      }
      let column = series[field];
      if (!column) {
        if (!isNumeric(value)) {
          const label = toLabel(value);
          if (label !== undefined) this.#labels[field] = label;
          continue;
        }
        column = series[field] = new Array<number | null>(index).fill(null);
      }
      column.push(toFinite(value));
    }
    // Fields this sample lacks.
    for (const column of Object.values(series)) if (column.length === index) column.push(null);
  }

  finish(): SeriesSet {
    if (Object.keys(this.#labels).length) this.set.labels = this.#labels;
    return this.set;
  }
}
