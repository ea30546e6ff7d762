// Reading raw data for drill-down tables. It may come from a results file that is old,
// hand-edited or hostile, so every field is read defensively: an unexpected shape gives an
// empty value, never an error. Pure and browser-safe.

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** The records in an array field; anything else is no records. */
export const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
/** A raw value as table text: strings as they are, numbers and booleans printed, anything else empty. */
export const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
