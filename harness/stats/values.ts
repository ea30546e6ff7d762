// How a stats value from an untrusted dump becomes a number, a text label or nothing.
// Dumps carry numbers, numeric strings (legacy goog* stats), booleans, text, and sometimes
// junk ("NaN", "Infinity", 1e999 which JSON.parse turns into Infinity): numbers must be finite.

const NUMERIC_TEXT = /^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A finite number, or null for anything that is not one (NaN-like text, Infinity, objects). */
export function toFinite(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

const NOT_A_NUMBER_TEXT = /^\s*[-+]?(?:NaN|Infinity)\s*$/;

/** Numbers, or text that spells one (finite or not: "1e999" is a number too big, not a label). */
export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (typeof value !== 'string') return false;
  // Most text values (`audio`, `COT01_96`, `libvpx`) start with a letter that no number starts with: skip the regexes.
  const first = value.charCodeAt(0);
  if (((first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a)) && first !== 0x4e && first !== 0x49) return false;
  return NUMERIC_TEXT.test(value) || NOT_A_NUMBER_TEXT.test(value);
}

/** Longest label text kept; a dump is untrusted and labels only name things. */
export const MAX_LABEL = 200;

/** Text, booleans and numbers as a short label; objects and arrays are not labels. */
export function toLabel(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > MAX_LABEL ? `${value.slice(0, MAX_LABEL - 1)}…` : value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return undefined;
}

/**
 * A column of raw values as a numeric series, or undefined when it is not numeric (no value
 * spells a number). Arrays of plain finite numbers are returned as they are (no copy).
 */
export function numericColumn(values: readonly unknown[]): (number | null)[] | undefined {
  let plain = true;
  let numeric = false;
  for (const v of values) {
    if (typeof v === 'number' && Number.isFinite(v)) numeric = true;
    else {
      plain = false;
      if (isNumeric(v)) numeric = true;
    }
  }
  if (!numeric) return undefined;
  return plain ? (values as number[]) : values.map(toFinite);
}

/**
 * An empty record for keys that come from a dump (field names, stats ids): without a prototype,
 * `constructor` is not a function found on it and `__proto__` is a key like any other.
 */
export function keyedByUntrusted<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `record[key]` when the record itself has that key, never a value inherited from Object.prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}
