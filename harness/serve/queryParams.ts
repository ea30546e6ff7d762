// What a visitor or the admin may put in a query string, checked on the way in: anything that
// is not exactly one well-formed value is refused with a sentence (400), never passed on.
import { LABEL_PATTERN, RUN_ID_PATTERN } from '../../reports/servedRun.js';
import type { ReadinessLevel, RunFilter } from '../store/runStore.js';

/** A query as express parses it: a name may come once, several times or with brackets. */
export type Query = Readonly<Record<string, unknown>>;

export class QueryError extends Error {
  override readonly name = 'QueryError';
}

export const READINESS_LEVELS: readonly ReadinessLevel[] = ['ready', 'degraded', 'not-ready'];
/** Browser names as launchers and visitors' pages spell them: `chromium`, `firefox`, `safari`, `edge-ortc`. */
const BROWSER_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const LIST_LIMIT_MAX = 1000;

/** The one value of `name`, or undefined when absent; an empty value counts as absent (an empty form field). */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new QueryError(`${name} must be given once, as plain text`);
  return value;
}

export function checkLabel(text: string): string {
  if (!LABEL_PATTERN.test(text)) throw new QueryError('a label is 1 to 120 letters, digits, spaces and . _ : # @ / + -');
  return text;
}

export function optionalLabel(query: Query): string | null {
  const text = single(query, 'label');
  return text === undefined ? null : checkLabel(text);
}

export function requiredLabel(query: Query): string {
  const label = optionalLabel(query);
  if (label === null) throw new QueryError('label is required, e.g. /compare?label=office-wifi');
  return label;
}

export const isRunId = (text: string) => RUN_ID_PATTERN.test(text);

/** `2026-12-01` as the start (or, with `endOfDay`, the last millisecond) of that UTC day. */
function day(name: string, text: string, endOfDay: boolean): Date {
  const date = DATE_PATTERN.test(text) ? new Date(`${text}T00:00:00.000Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) throw new QueryError(`${name} must be a date such as 2026-12-01`);
  return endOfDay ? new Date(date.getTime() + 86_400_000 - 1) : date;
}

function count(name: string, text: string, max: number): number {
  if (!/^\d{1,7}$/.test(text) || Number(text) > max) throw new QueryError(`${name} must be a whole number up to ${max}`);
  return Number(text);
}

/** The admin's search (page and API alike): label, verdict, browser, since/until (UTC days), limit, offset. */
export function runFilterOf(query: Query): RunFilter {
  const filter: RunFilter = {};
  const label = optionalLabel(query);
  if (label !== null) filter.label = label;
  const verdict = single(query, 'verdict');
  if (verdict !== undefined) {
    const level = READINESS_LEVELS.find((l) => l === verdict);
    if (!level) throw new QueryError(`verdict must be one of ${READINESS_LEVELS.join(', ')}`);
    filter.verdict = level;
  }
  const browser = single(query, 'browser');
  if (browser !== undefined) {
    if (!BROWSER_PATTERN.test(browser)) throw new QueryError('browser must be a browser name such as chromium or firefox');
    filter.browser = browser;
  }
  const since = single(query, 'since');
  if (since !== undefined) filter.since = day('since', since, false);
  const until = single(query, 'until');
  if (until !== undefined) filter.until = day('until', until, true);
  const limit = single(query, 'limit');
  if (limit !== undefined) filter.limit = Math.max(1, count('limit', limit, LIST_LIMIT_MAX));
  const offset = single(query, 'offset');
  if (offset !== undefined) filter.offset = count('offset', offset, 10_000_000);
  return filter;
}
