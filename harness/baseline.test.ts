import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResultsFixture } from '../test/support/resultsFixtures.js';
import { type Expectation, compareToBaseline, diffRuns, hasChanges, judgeMetric, parseExpectations, unexpectedFailures } from './baseline.js';
import { UsageError } from './errors.js';
import { PACKAGE_ROOT } from '../reports/paths.js';

const base = loadResultsFixture('check-all-pass.json');
const brief = (regressions: ReturnType<typeof compareToBaseline>) => regressions.map((r) => `${r.kind} ${r.probe}/${r.browser}: ${r.message}`);
// A real check against coturn on port 53: Firefox allows STUN/TURN there, Chromium gets no answer
// (fixtures/results/README.md). Its timings are those of a busy shared machine, so the tests that
// are about statuses and capability counts leave timing metrics (…Ms, …MsMedian) out.
const portFiftyThree = loadResultsFixture('check-coturn-on-port-53-firefox-ready-chromium-not.json');
const withoutTimings = (regressions: ReturnType<typeof compareToBaseline>) => regressions.filter((r) => !/^\w+Ms(Median)? /.test(r.message));
const EXPECTATIONS = join(PACKAGE_ROOT, 'fixtures', 'expectations');

describe('compareToBaseline', () => {
  it('finds nothing between a run and itself, nor when timings are 30% slower (inside ±50%)', () => {
    expect(compareToBaseline(base, base, [])).toEqual([]);
    expect(compareToBaseline(base, loadResultsFixture('check-timings-30pct-slower.json'), [])).toEqual([]);
  });

  it('a pass that now fails is a regression, and so are the capability counts it lost (also where the status fell only to warn)', () => {
    expect(brief(withoutTimings(compareToBaseline(base, portFiftyThree, [])))).toEqual([
      'status turn-reachability/chromium: pass -> fail',
      'status connectivity/chromium: pass -> fail',
      'metric ice-candidates/chromium: relayCandidates 2 -> 0',
      'metric stun-reachability/chromium: reachable 1 -> 0',
      'metric turn-reachability/chromium: reachable 2 -> 0',
      'metric connectivity/chromium: pathsConnected 2 -> 1',
    ]);
  });

  it('an expectation naming the failure excuses that result entirely, and only that one', () => {
    const known: Expectation[] = [{ probe: 'turn-reachability', browser: 'chromium', status: 'fail', reason: 'Chromium does not reach TURN on port 53' }];
    expect(brief(withoutTimings(compareToBaseline(base, portFiftyThree, known)))).toEqual([
      'status connectivity/chromium: pass -> fail',
      'metric ice-candidates/chromium: relayCandidates 2 -> 0',
      'metric stun-reachability/chromium: reachable 1 -> 0',
      'metric connectivity/chromium: pathsConnected 2 -> 1',
    ]);
    // Another status than the one expected is not excused.
    const wrongStatus: Expectation[] = [{ ...known[0]!, status: 'error' }];
    expect(withoutTimings(compareToBaseline(base, portFiftyThree, wrongStatus))).toHaveLength(6);
  });

  it('a codec that disappeared is a regression, with the codec count that dropped', () => {
    expect(brief(compareToBaseline(base, loadResultsFixture('check-chromium-vp9-gone.json'), []))).toEqual([
      'metric api-surface/chromium: videoCodecs 7 -> 6',
      'codec api-surface/chromium: codec video/VP9 disappeared',
    ]);
  });

  it('a timing beyond +50% and 50 ms is a regression; the same change the other way is not', () => {
    const slower = loadResultsFixture('check-chromium-157-relay-3x-slower.json');
    expect(brief(compareToBaseline(base, slower, []))).toEqual(['metric connectivity/chromium: relayConnectMs 109 -> 327']);
    expect(compareToBaseline(slower, base, [])).toEqual([]);
  });

  it('keeps pair probes apart by offerer→answerer, also in expectations', () => {
    const chromium = base.results.find((r) => r.probe === 'devices' && r.browser.name === 'chromium')!;
    const firefox = base.environment.browsers.find((b) => b.name === 'firefox')!;
    const pairs = (status: 'pass' | 'fail') => ({
      ...base,
      results: [
        { ...chromium, probe: 'sdp-negotiation', peer: firefox, status },
        { ...chromium, probe: 'sdp-negotiation', peer: chromium.browser },
      ],
    });
    expect(brief(compareToBaseline(pairs('pass'), pairs('fail'), []))).toEqual(['status sdp-negotiation/chromium→firefox: pass -> fail']);
    const known: Expectation[] = [{ probe: 'sdp-negotiation', browser: 'chromium→firefox', status: 'fail', reason: 'H264 profiles do not match' }];
    expect(compareToBaseline(pairs('pass'), pairs('fail'), known)).toEqual([]);
  });

  it('compares only the same adapter mode and scenario, and ignores results only one run has', () => {
    const both = loadResultsFixture('run-both-adapters-all-probes.json');
    const offOnly = { ...both, results: both.results.filter((r) => r.adapter === 'off') };
    expect(compareToBaseline(both, offOnly, [])).toEqual([]);
    const inOtherScenario = { ...both, results: both.results.map((r) => ({ ...r, scenario: 'nat', status: 'fail' as const })) };
    expect(compareToBaseline(both, inOtherScenario, [])).toEqual([]);
  });
});

describe('diffRuns', () => {
  it('lists browser version changes and metric moves in both directions', () => {
    const slower = loadResultsFixture('check-chromium-157-relay-3x-slower.json');
    const diff = diffRuns(slower, base);
    expect(diff.versions).toEqual([{ browser: 'chromium', before: '157.0.7950.12', after: '156.0.8078.108' }]);
    expect(diff.metrics).toEqual([expect.objectContaining({ probe: 'connectivity', metric: 'relayConnectMs', before: 327, after: 109, regression: false })]);
    expect(hasChanges(diff)).toBe(true);
  });

  it('has no changes for timings inside tolerance', () => {
    expect(hasChanges(diffRuns(base, loadResultsFixture('check-timings-30pct-slower.json')))).toBe(false);
  });

  it('lists results only one run has', () => {
    const fewer = { ...base, results: base.results.filter((r) => r.probe !== 'devices') };
    expect(diffRuns(base, fewer).onlyBefore.map((k) => `${k.probe}/${k.browser}`)).toEqual(['devices/chromium', 'devices/firefox']);
    expect(diffRuns(fewer, base).onlyAfter).toHaveLength(2);
  });
});

describe("judgeMetric (the rule each probe's spec declares)", () => {
  it.each([
    ['connectivity', 'relayConnectMs', 100, 160, true, true],
    ['connectivity', 'relayConnectMs', 100, 140, false, true],
    ['connectivity', 'hostRttMs', 0.7, 1.4, false, true], // +100%, but not 50 ms
    ['connectivity', 'relayConnectMs', 300, 100, true, false],
    ['api-surface', 'videoCodecs', 7, 6, true, true],
    ['api-surface', 'audioCodecs', 5, 6, true, false],
    ['connectivity', 'pathsConnected', 3, 2, true, true],
    ['gum-constraints', 'casesRejected', 2, 3, true, true],
    ['devices', 'videoInputs', 1, 3, true, true],
  ])('%s %s %d -> %d: beyond %s, worse %s', (probe, metric, before, after, beyond, worse) => {
    expect(judgeMetric(probe, metric, before, after)).toMatchObject({ beyond, worse });
  });

  it('device and host candidate counts are never regressions, only differences', () => {
    expect(judgeMetric('devices', 'videoInputs', 1, 0).rule.regression).toBe(false);
    expect(judgeMetric('ice-candidates', 'hostCandidates', 4, 2).rule.regression).toBe(false);
  });

  it('a metric no spec declares (another harness version, an unknown probe) is listed beyond ±50% but never a regression', () => {
    expect(judgeMetric('connectivity', 'teleportMs', 100, 1000)).toMatchObject({ beyond: true, rule: { regression: false } });
    expect(judgeMetric('no-such-probe', 'relayConnectMs', 100, 1000)).toMatchObject({ beyond: true, rule: { regression: false } });
  });

  it('the same metric name is judged by the probe that reports it', () => {
    // `reachable` is a capability in both reachability probes; `attempts` only counts exchanges.
    expect(judgeMetric('turn-reachability', 'reachable', 2, 1).rule.regression).toBe(true);
    expect(judgeMetric('sdp-negotiation', 'attempts', 4, 1).rule.regression).toBe(false);
  });
});

describe('expectations', () => {
  it.each(readdirSync(EXPECTATIONS).filter((n) => n.endsWith('.json')))('fixtures/expectations/%s is valid', (name) => {
    expect(parseExpectations(JSON.parse(readFileSync(join(EXPECTATIONS, name), 'utf8')), name).length).toBeGreaterThan(0);
  });

  it("firefox.json covers the fake microphone's channelCount failure of a real run", () => {
    const run = loadResultsFixture('run-both-adapters-all-probes.json');
    expect(unexpectedFailures(run, []).map((r) => `${r.probe}/${r.browser.name}/${r.adapter}`)).toEqual([
      'gum-constraints/firefox/off',
      'gum-constraints/firefox/on',
    ]);
    const firefox = parseExpectations(JSON.parse(readFileSync(join(EXPECTATIONS, 'firefox.json'), 'utf8')), 'firefox.json');
    expect(unexpectedFailures(run, firefox)).toEqual([]);
  });

  it.each([
    [{ probe: 'devices', browser: 'firefox', status: 'fail' }, /entry 1 \(devices, firefox\): 'reason' is required/],
    [{ probe: 'devices', browser: 'firefox', status: 'fail', reason: '  ' }, /'reason' is required and must not be empty/],
    [{ probe: 'devices', browser: 'firefox', status: 'warn', reason: 'r' }, /'status' must be 'fail' or 'error'/],
    [{ probe: 'devices', status: 'fail', reason: 'r' }, /'browser' is required/],
    [{ probe: 'devices', browser: 'firefox', status: 'fail', reason: 'r', because: 'x' }, /unknown field 'because'/],
    [{ probe: 'devices', browser: 'firefox', status: 'fail', reason: 'r', adapter: 'both' }, /'adapter' must be 'off' or 'on'/],
  ])('rejects %j as a usage error', (entry, message) => {
    expect(() => parseExpectations([entry], 'x.json')).toThrow(UsageError);
    expect(() => parseExpectations([entry], 'x.json')).toThrow(message);
  });

  it('rejects a file that is not an array', () => {
    expect(() => parseExpectations({ probe: 'devices' }, 'x.json')).toThrow(/x.json: expected a JSON array/);
  });
});
