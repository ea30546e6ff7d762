import { describe, expect, it } from 'vitest';
import { loadResultsFixture } from '../../test/support/resultsFixtures.js';
import { CHROMIUM, FIREFOX, sampleRun } from '../../test/support/sampleRun.js';
import { seriesSetsOf } from './app/series.js';
import { buildModel, isCheckRun } from './buildModel.js';

const both = buildModel(loadResultsFixture('run-both-adapters-all-probes.json'));
const cellOf = (model: typeof both, probe: string, column: number) => model.rows.find((r) => r.probe === probe)!.cells[column]!;

describe('buildModel: the matrix', () => {
  it('has a column per browser x adapter mode, browsers in environment order, adapter off first', () => {
    expect(both.columns.map((c) => `${c.browser} ${c.version} ${c.adapter} ${c.scenario}`)).toEqual([
      'chromium 156.0.8078.108 off loopback',
      'chromium 156.0.8078.108 on loopback',
      'firefox 153.7.0 off loopback',
      'firefox 153.7.0 on loopback',
    ]);
  });

  it('has a row per probe in run order, each cell pointing at its result with the key figure', () => {
    expect(both.rows.map((r) => r.probe)).toEqual([
      'api-surface',
      'devices',
      'gum-constraints',
      'ice-candidates',
      'stun-reachability',
      'turn-reachability',
      'connectivity',
    ]);
    const cell = cellOf(both, 'turn-reachability', 2);
    expect(both.run.results[cell.result]).toMatchObject({ probe: 'turn-reachability', browser: { name: 'firefox' }, adapter: 'off' });
    expect(cell.figure).toBe('udp 17 ms, tcp 9 ms');
  });

  it('highlights cells where browsers differ in status within one adapter mode, and no others', () => {
    const differing = both.rows.flatMap((r) => r.cells.flatMap((c, i) => (c?.differs ? [`${r.probe} ${i}`] : [])));
    expect(differing).toEqual(['gum-constraints 0', 'gum-constraints 1', 'gum-constraints 2', 'gum-constraints 3']);
  });

  it('gives pair probes (offerer→answerer) columns of their own', () => {
    const run = sampleRun();
    const pair = { ...run.results[0]!, probe: 'sdp-negotiation', peer: FIREFOX };
    const model = buildModel({ ...run, results: [...run.results, pair, { ...pair, peer: CHROMIUM }] });
    expect(model.columns.map((c) => `${c.browser} ${c.version} ${c.adapter}`)).toEqual([
      'chromium 156.0.8078.108 off',
      'chromium 156.0.8078.108 on',
      'firefox 147.0 off',
      'chromium→chromium 156.0.8078.108 → 156.0.8078.108 off',
      'chromium→firefox 156.0.8078.108 → 147.0 off',
    ]);
    expect(model.resultColumns.slice(-2)).toEqual([4, 3]);
  });

  it('leaves a cell empty where a column did not run the probe', () => {
    const model = buildModel(sampleRun());
    expect(model.rows.find((r) => r.probe === 'api-surface')!.cells.map((c) => c?.status ?? null)).toEqual([null, null, 'error']);
  });
});

describe('buildModel: what the page does not derive itself', () => {
  it('carries the readiness verdict for a check, not for a run', () => {
    const check = buildModel(loadResultsFixture('check-coturn-on-port-53-firefox-ready-chromium-not.json'));
    expect(check.readiness).toMatchObject({
      ready: false,
      browsers: [
        { name: 'chromium', ready: false },
        { name: 'firefox', ready: true },
      ],
    });
    expect(both.readiness).toBeNull();
    expect(isCheckRun({ ...sampleRun(), command: 'webrtc-harness check --json' })).toBe(true);
    expect(isCheckRun({ ...sampleRun(), command: 'checkout' })).toBe(false);
  });

  it('parses candidate lines into a table: type, protocol, address, port, relay protocol from the server entry', () => {
    const index = cellOf(both, 'ice-candidates', 0).result;
    const [candidates] = both.tables[index]!;
    expect(candidates!.columns).toEqual(['server', 'type', 'protocol', 'address', 'port', 'related', 'tcp type', 'relay protocol', 'event url', 'at ms']);
    const relays = candidates!.rows.filter((row) => row[1] === 'relay');
    expect(relays.map((row) => [row[0], row[2], row[7]])).toEqual([
      ['turn:127.0.0.1:20919?transport=udp', 'udp', 'udp'],
      ['turn:127.0.0.1:20919?transport=tcp', 'udp', 'tcp'],
    ]);
    expect(candidates!.rows.find((row) => row[6] === 'active')).toEqual(['(no server)', 'host', 'tcp', '192.0.2.2', '9', '', 'active', '', '', '243']);
  });

  it('shows an unparseable candidate line whole, and candidate errors in their own table', () => {
    const xss = buildModel(loadResultsFixture('xss-payloads.json'));
    const index = xss.run.results.findIndex((r) => r.probe === 'ice-candidates');
    const [candidates, errors] = xss.tables[index]!;
    expect(candidates!.rows).toContainEqual([
      '(no server)',
      'unparsed',
      '',
      '</script><script>window.__pwned=1</script>',
      '',
      '',
      '',
      '',
      'javascript:window.__pwned=1',
      '6',
    ]);
    expect(errors).toMatchObject({
      title: 'Candidate errors',
      rows: [['(no server)', '701', '"><img src=x onerror="window.__pwned=1">', 'javascript:window.__pwned=1', '7']],
    });
  });

  it('lists connectivity paths with the selected pair', () => {
    const [paths] = both.tables[cellOf(both, 'connectivity', 2).result]!;
    expect(paths!.rows.map((row) => row.slice(0, 3))).toEqual([
      ['host', 'connected', '114'],
      ['srflx', 'connected', '37'],
      ['relay', 'connected', '53'],
    ]);
  });

  it('draws a bar chart per probe and metric with a value per column, null where absent', () => {
    const chart = both.metricCharts.find((c) => c.probe === 'connectivity' && c.metric === 'srflxConnectMs');
    expect(chart?.values).toEqual([null, null, 37, 51]);
    expect(both.metricCharts.filter((c) => c.probe === 'api-surface').map((c) => c.metric)).toContain('adapterPatched');
  });
});

describe('seriesSetsOf', () => {
  const t = [0, 1, 2];
  it("reads the result's series sets, columns cut to the length of t, non-numbers as gaps, units only where text", () => {
    const result = { series: [{ name: 'caller (sending)', t, series: { kbps: [1, 'x', 3, 4], rttMs: [5, null, 7] }, units: { kbps: 'kbit/s', rttMs: 7 } }] };
    expect(seriesSetsOf(result)).toEqual([
      { name: 'caller (sending)', t, series: { kbps: [1, null, 3], rttMs: [5, null, 7] }, units: { kbps: 'kbit/s' }, annotations: [] },
    ]);
    const annotated = { series: [{ ...result.series[0], annotations: [{ t: 1, label: 'connected' }, { t: 'x', label: 'dropped' }, { t: 2 }] }] };
    expect(seriesSetsOf(annotated)[0]!.annotations).toEqual([{ t: 1, label: 'connected' }]);
  });

  it.each([
    ['no series', { raw: {} }],
    ['series not an array', { series: { t, kbps: [1] } }],
    ['a set without t', { series: [{ name: 'a', series: { kbps: [1] } }] }],
    ['t not numbers', { series: [{ name: 'a', t: ['0'], series: { kbps: [1] } }] }],
    ['a set without columns', { series: [{ name: 'a', t, series: {} }] }],
    ['a set without a name', { series: [{ t, series: { kbps: [1, 2, 3] } }] }],
    ['not an object', 'series'],
  ])('has nothing to draw for %s', (_name, value) => {
    expect(seriesSetsOf(value)).toEqual([]);
  });
});
