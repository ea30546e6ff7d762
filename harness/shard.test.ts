import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { type MatrixCell, cellKey, planCells } from '../core/matrix.js';
import type { RunMatrix } from '../core/results.js';
import { parseShard, shardCells } from './shard.js';

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['1/2', { index: 1, count: 2 }],
    ['2/2', { index: 2, count: 2 }],
    ['7/12', { index: 7, count: 12 }],
  ])('%s', (text, shard) => expect(parseShard(text)).toEqual(shard));

  it.each(['0/2', '3/2', 'x/y', '1/0', '0/0', '1', '1/2/3', '-1/2', '1.5/2', '', '1 / 2'])('refuses %j as a usage error', (text) => {
    expect(() => parseShard(text)).toThrow(UsageError);
    expect(() => parseShard(text)).toThrow(/--shard expects I\/N with 1 ≤ I ≤ N/);
  });
});

const MATRICES: Record<string, { matrix: RunMatrix; pairs: string[] }> = {
  'one browser, one probe': { matrix: { browsers: ['chromium'], probes: ['api-surface'], adapterModes: ['off'] }, pairs: [] },
  'the e2e matrix': { matrix: { browsers: ['chromium', 'firefox'], probes: ['api-surface', 'devices'], adapterModes: ['off'] }, pairs: [] },
  'every probe, both adapter modes, a pair probe': {
    matrix: {
      browsers: ['chromium', 'firefox', 'chromium-grid'],
      probes: [
        'api-surface',
        'devices',
        'gum-constraints',
        'ice-candidates',
        'stun-reachability',
        'turn-reachability',
        'connectivity',
        'getstats-bandwidth',
        'datachannel-throughput',
        'sdp-negotiation',
      ],
      adapterModes: ['off', 'on'],
    },
    pairs: ['sdp-negotiation'],
  },
};

describe('shardCells', () => {
  for (const [title, { matrix, pairs }] of Object.entries(MATRICES)) {
    const cells = planCells(matrix, (p) => pairs.includes(p));

    it(`puts every cell in exactly one of shards 1..n, for n = 1..${cells.length + 3} (${title})`, () => {
      for (let count = 1; count <= cells.length + 3; count++) {
        const shards = Array.from({ length: count }, (_, i) => shardCells(cells, { index: i + 1, count }));
        const seen = shards.flat().map(cellKey);
        expect(seen.sort(), `n=${count}`).toEqual(cells.map(cellKey).sort());
        // Dealt in turn: no shard holds more than one cell above another.
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes), `n=${count}`).toBeLessThanOrEqual(1);
      }
    });
  }

  it('splits the same way whatever order the browsers, probes and adapter modes were asked in', () => {
    const { matrix, pairs } = MATRICES['every probe, both adapter modes, a pair probe']!;
    const reversed: RunMatrix = {
      browsers: [...matrix.browsers].reverse(),
      probes: [...matrix.probes].reverse(),
      adapterModes: [...matrix.adapterModes].reverse(),
    };
    for (const count of [2, 3, 5]) {
      for (let index = 1; index <= count; index++) {
        const a = shardCells(
          planCells(matrix, (p) => pairs.includes(p)),
          { index, count },
        ).map(cellKey);
        const b = shardCells(
          planCells(reversed, (p) => pairs.includes(p)),
          { index, count },
        ).map(cellKey);
        expect(new Set(b)).toEqual(new Set(a));
      }
    }
  });

  it('keeps the cells of a shard in the order given (run order)', () => {
    const cells = planCells(MATRICES['every probe, both adapter modes, a pair probe']!.matrix, (p) => p === 'sdp-negotiation');
    const shard = shardCells(cells, { index: 2, count: 3 });
    const positions = shard.map((c) => cells.indexOf(c));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('splits the e2e matrix (2 browsers x api-surface, devices) two and two', () => {
    const cells: MatrixCell[] = planCells(MATRICES['the e2e matrix']!.matrix, () => false);
    expect(shardCells(cells, { index: 1, count: 2 }).map(cellKey)).toEqual(['api-surface|chromium|off', 'devices|chromium|off']);
    expect(shardCells(cells, { index: 2, count: 2 }).map(cellKey)).toEqual(['api-surface|firefox|off', 'devices|firefox|off']);
  });
});
