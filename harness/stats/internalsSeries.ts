// webrtc-internals keeps each stats field as its own series: `<statsId>-<field>` with the
// values (a JSON text), the time of the first and the last point, and nothing in between.
// This puts the fields of one stats object back on one time axis: the object's own
// `timestamp` field when it has one (Chromium records it like any other field, so it is
// exact), else evenly spaced points between the longest field's first and last time.
import type { SeriesSet } from '../../core/series.js';
import { keyedByUntrusted, numericColumn, toLabel } from './values.js';

export interface RawSeries {
  /** Epoch ms of the first and the last value; NaN when the dump's times are unreadable. */
  startMs: number;
  endMs: number;
  values: unknown[];
}

export interface RawObject {
  statsType?: string;
  fields: Map<string, RawSeries>;
}

/** A field that ends within this of the axis' end shares the axis' last points (dump times have ms precision). */
const SAME_TIME_MS = 1.5;

function evenlySpaced(startMs: number, endMs: number, count: number): number[] {
  const step = count > 1 ? (endMs - startMs) / (count - 1) : 0;
  return Array.from({ length: count }, (_, i) => startMs + i * step);
}

/** The object's time axis in epoch ms, or undefined when no field has usable times. */
function axisOf(object: RawObject): number[] | undefined {
  const stamps = object.fields.get('timestamp');
  const column = stamps && numericColumn(stamps.values);
  if (column?.every((v) => v !== null)) return column as number[];
  let longest: RawSeries | undefined;
  for (const field of object.fields.values()) {
    if (Number.isFinite(field.startMs) && Number.isFinite(field.endMs) && field.values.length > (longest?.values.length ?? 0)) longest = field;
  }
  return longest && evenlySpaced(longest.startMs, longest.endMs, longest.values.length);
}

/** Places a field's values on the axis: by position when it shares the axis' points, else at the nearest point in time. */
function place(column: (number | null)[], raw: RawSeries, axis: readonly number[]): (number | null)[] {
  const n = column.length;
  if (n === axis.length) return column;
  const out: (number | null)[] = new Array<number | null>(axis.length).fill(null);
  if (n < axis.length && Math.abs(raw.endMs - axis[axis.length - 1]!) <= SAME_TIME_MS) {
    // A field that appeared later (roundTripTime after the first RTCP report): the last n points.
    for (let j = 0; j < n; j++) out[axis.length - n + j] = column[j]!;
    return out;
  }
  if (!Number.isFinite(raw.startMs) || !Number.isFinite(raw.endMs)) return out;
  const times = evenlySpaced(raw.startMs, raw.endMs, n);
  let k = 0;
  for (let j = 0; j < n; j++) {
    while (k + 1 < axis.length && Math.abs(axis[k + 1]! - times[j]!) <= Math.abs(axis[k]! - times[j]!)) k++;
    out[k] = column[j]!;
  }
  return out;
}

/** Indexes to keep so the axis ascends strictly: of equal times the last sample (remote stats repeat their timestamp until the next RTCP report). */
function ascendingIndexes(axis: readonly number[]): number[] | undefined {
  let sorted = true;
  for (let i = 1; i < axis.length && sorted; i++) if (!(axis[i]! > axis[i - 1]!)) sorted = false;
  if (sorted) return undefined;
  const keep: number[] = [];
  let next = Infinity;
  for (let i = axis.length - 1; i >= 0; i--) {
    if (axis[i]! < next) {
      keep.push(i);
      next = axis[i]!;
    }
  }
  return keep.reverse();
}

/** One stats object as a SeriesSet (times still in epoch ms), or undefined when its times are unreadable. */
export function objectSeriesSet(name: string, object: RawObject): SeriesSet | undefined {
  const axis = axisOf(object);
  if (!axis) return undefined;
  const series = keyedByUntrusted<(number | null)[]>();
  const labels = keyedByUntrusted<string>();
  for (const [field, raw] of object.fields) {
    // The axis, and the type the set carries as statsType.
    if (field === 'timestamp' || field === 'type') continue;
    const column = numericColumn(raw.values);
    if (column) series[field] = place(column, raw, axis);
    else {
      const label = toLabel(raw.values[raw.values.length - 1]);
      if (label !== undefined) labels[field] = label;
    }
  }
  const keep = ascendingIndexes(axis);
  const pick = <T>(column: readonly T[]) => (keep ? keep.map((i) => column[i]!) : (column as T[]));
  for (const field of Object.keys(series)) series[field] = pick(series[field]!);
  const set: SeriesSet = { name, t: pick(axis), series };
  if (object.statsType) set.statsType = object.statsType;
  if (Object.keys(labels).length) set.labels = labels;
  return set;
}
