import { describe, expect, it } from 'vitest';
import { cellKey, compareCells, planCells } from './matrix.js';
import type { RunMatrix } from './results.js';

const MATRIX: RunMatrix = { browsers: ['firefox', 'chromium'], probes: ['devices', 'sdp-negotiation', 'api-surface'], adapterModes: ['off', 'on'] };
const isPair = (probe: string) => probe === 'sdp-negotiation';

describe('planCells', () => {
  it('lists cells in run order: each browser its own probes (adapter mode, then probe, as asked), then pair probes per ordered pair', () => {
    expect(planCells(MATRIX, isPair).map(cellKey)).toEqual([
      'devices|firefox|off',
      'api-surface|firefox|off',
      'devices|firefox|on',
      'api-surface|firefox|on',
      'devices|chromium|off',
      'api-surface|chromium|off',
      'devices|chromium|on',
      'api-surface|chromium|on',
      'sdp-negotiation|firefox→firefox|off',
      'sdp-negotiation|firefox→chromium|off',
      'sdp-negotiation|chromium→firefox|off',
      'sdp-negotiation|chromium→chromium|off',
      'sdp-negotiation|firefox→firefox|on',
      'sdp-negotiation|firefox→chromium|on',
      'sdp-negotiation|chromium→firefox|on',
      'sdp-negotiation|chromium→chromium|on',
    ]);
  });

  it('has one cell per probe x browser x adapter mode, and browsers² per pair probe and mode', () => {
    const cells = planCells(MATRIX, isPair);
    expect(cells).toHaveLength(2 * 2 * 2 + 2 * 2 * 2);
    expect(new Set(cells.map(cellKey)).size).toBe(cells.length);
  });
});

describe('compareCells', () => {
  it('sorts names the matrix does not list after the ones it does, keeping their order among themselves', () => {
    const cells = [
      { probe: 'new-probe', adapter: 'off' as const, browser: 'chromium' },
      { probe: 'devices', adapter: 'off' as const, browser: 'edge' },
      { probe: 'devices', adapter: 'off' as const, browser: 'chromium' },
    ];
    expect([...cells].sort(compareCells(MATRIX)).map(cellKey)).toEqual(['devices|chromium|off', 'new-probe|chromium|off', 'devices|edge|off']);
  });
});
