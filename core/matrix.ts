// The cells of a run's matrix and the one order every output lists them in. The runner sorts
// its results by it and `report merge` sorts shards' results by it, so merged shards read
// exactly like one unsharded run.
import type { AdapterMode } from './results.js';
import type { ProbeResult, RunMatrix } from './results.js';

/** One probe run: a probe in one browser, or a pair probe offered by `browser` to `peer`. */
export interface MatrixCell {
  probe: string;
  adapter: AdapterMode;
  browser: string;
  /** Pair probes only: the answerer. */
  peer?: string;
}

/** Unique within a run: `api-surface|chromium|off`, `sdp-negotiation|chromium→firefox|off`. */
export function cellKey(cell: MatrixCell): string {
  return [cell.probe, cell.peer === undefined ? cell.browser : `${cell.browser}→${cell.peer}`, cell.adapter].join('|');
}

export function cellOf(result: Pick<ProbeResult, 'probe' | 'adapter' | 'browser' | 'peer'>): MatrixCell {
  return { probe: result.probe, adapter: result.adapter, browser: result.browser.name, ...(result.peer ? { peer: result.peer.name } : {}) };
}

/**
 * Run order: single-browser cells grouped by browser, then by adapter mode, then by probe (each
 * browser works through its own list); pair cells after all of them, by adapter mode, probe,
 * offerer, answerer (the order the runner pairs browsers in). Positions are those of the matrix
 * as asked for; a name the matrix does not list sorts after the ones it does.
 */
export function compareCells(matrix: RunMatrix): (a: MatrixCell, b: MatrixCell) => number {
  const position = (list: readonly string[], item: string) => {
    const i = list.indexOf(item);
    return i === -1 ? list.length : i;
  };
  const rank = (c: MatrixCell): number[] => {
    const browser = position(matrix.browsers, c.browser);
    const adapter = position(matrix.adapterModes, c.adapter);
    const probe = position(matrix.probes, c.probe);
    return c.peer === undefined ? [0, browser, adapter, probe, 0] : [1, adapter, probe, browser, position(matrix.browsers, c.peer)];
  };
  return (a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return 0;
  };
}

/** Every cell of the matrix, in run order: pair probes (`isPair`) run for every ordered pair of browsers, each with itself too. */
export function planCells(matrix: RunMatrix, isPair: (probe: string) => boolean): MatrixCell[] {
  const cells = matrix.adapterModes.flatMap((adapter) =>
    matrix.probes.flatMap((probe) =>
      matrix.browsers.flatMap((browser): MatrixCell[] =>
        isPair(probe) ? matrix.browsers.map((peer) => ({ probe, adapter, browser, peer })) : [{ probe, adapter, browser }],
      ),
    ),
  );
  return cells.sort(compareCells(matrix));
}
