// Runs in the browser (and in unit tests): turns anything thrown into a short stable string.

/** `OverconstrainedError(width): message` / `NotAllowedError: message` / the string form. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown; constraint?: unknown };
    const name = typeof e.name === 'string' && e.name ? e.name : 'Error';
    const constraint = typeof e.constraint === 'string' && e.constraint ? `(${e.constraint})` : '';
    const message = typeof e.message === 'string' ? e.message : '';
    return `${name}${constraint}${message ? `: ${message}` : ''}`;
  }
  return String(error);
}
