// `--shard I/N`: which part of the matrix one of N machines runs. Cells are ranked by their key
// (probe x browser(s) x adapter mode) and dealt out in turn, so shards 1..N partition the
// matrix exactly, differ in size by one cell at most, and a matrix splits the same way whatever
// order its flags came in.
import { UsageError } from './errors.js';
import { type MatrixCell, cellKey } from '../core/matrix.js';
import type { RunShard } from '../core/results.js';

/** `2/3` -> {index: 2, count: 3}; anything else (0/2, 3/2, x/y) is a usage error. */
export function parseShard(text: string): RunShard {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard expects I/N with 1 ≤ I ≤ N, e.g. 1/2 or 2/2, not '${text}'`);
  }
  return { index, count };
}

/** The cells shard `index` of `count` runs, in the order given. Pure: the same cells give the same split on every machine. */
export function shardCells<C extends MatrixCell>(cells: readonly C[], shard: RunShard): C[] {
  // Plain code-unit order: no locale can change the ranking between machines.
  const ranked = cells.map(cellKey).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mine = new Set(ranked.filter((_, rank) => rank % shard.count === shard.index - 1));
  return cells.filter((cell) => mine.has(cellKey(cell)));
}
