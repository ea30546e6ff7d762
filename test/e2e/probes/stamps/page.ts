// A probe page that holds for a while and says when it ran and which page it was: the e2e
// tests use it to see which probe runs shared one page, and which ran at the same time.
import type { PageContext } from '../../../../probes/types.js';

export interface Stamp {
  /** Different for every page that ran. */
  page: string;
  startedAt: number;
  endedAt: number;
}

export async function run(params: { holdMs: number }, _context: PageContext): Promise<Stamp> {
  const startedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, params.holdMs));
  return { page: crypto.randomUUID(), startedAt, endedAt: Date.now() };
}
