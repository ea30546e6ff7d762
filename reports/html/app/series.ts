// The time series a result carries (`series: SeriesSet[]`, core/series.ts: per set a
// shared time axis and named columns, null where a sample is missing), checked on the way in:
// the page may be showing a results file from anywhere. Pure and DOM-free, so Node tests use it.
import type { Annotation, SeriesSet } from '../../../core/series.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isFiniteNumber = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/** One set as drawn: every column cut to the length of `t`, non-numbers as gaps, units and annotations only where well-formed. */
function checkedSet(value: unknown): SeriesSet | null {
  if (!isRecord(value) || typeof value['name'] !== 'string' || !Array.isArray(value['t']) || !value['t'].every(isFiniteNumber) || !isRecord(value['series']))
    return null;
  const t = value['t'];
  const series = Object.fromEntries(
    Object.entries(value['series'])
      .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
      .map(([field, column]) => [field, t.map((_, i) => (isFiniteNumber(column[i]) ? column[i] : null))]),
  );
  const units = isRecord(value['units'])
    ? Object.fromEntries(Object.entries(value['units']).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};
  const annotations = (Array.isArray(value['annotations']) ? value['annotations'] : []).filter(
    (a): a is Annotation => isRecord(a) && isFiniteNumber(a['t']) && typeof a['label'] === 'string',
  );
  return Object.keys(series).length && t.length ? { name: value['name'], t, series, units, annotations } : null;
}

/** The result's series sets that can be drawn; none when it has no (usable) `series`. */
export function seriesSetsOf(result: unknown): SeriesSet[] {
  if (!isRecord(result) || !Array.isArray(result['series'])) return [];
  return result['series'].map(checkedSet).filter((set): set is SeriesSet => set !== null);
}
