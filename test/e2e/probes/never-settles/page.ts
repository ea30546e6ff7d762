// A probe page that never answers: the e2e tests use it to prove per-probe time limits.
import type { PageContext } from '../../../../probes/types.js';

export function run(_params: unknown, _context: PageContext): Promise<never> {
  return new Promise<never>(() => undefined);
}
