// evaluate() replayed on calls recorded from real browsers against the embedded Janus
// (test/tools/capture-raw-fixtures.ts --janus, --scenario NAME --probe server-echo).
import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import { statusOf } from '../types.js';
import { capacityOf, stepCarried, stepFigures } from './capacity.js';
import { evaluateServerEcho, serverEchoProbe } from './probe.js';
import { type ServerEchoRaw, UPSTREAM_SET } from './types.js';

const load = (name: string) => loadRawFixture<ServerEchoRaw>('server-echo', name);
const BROWSERS = ['chromium', 'firefox'];

describe('server-echo on real calls to Janus', () => {
  it.each(BROWSERS)('%s behind a 400 kbit/s cap: the upstream capacity found is within ±30% of it', (browser) => {
    const verdict = evaluateServerEcho(load(`${browser}-bandwidth-400kbit.json`));
    const up = verdict.metrics['upKbps']!;
    expect(up, JSON.stringify(verdict.metrics)).toBeGreaterThanOrEqual(400 * 0.7);
    expect(up).toBeLessThanOrEqual(400 * 1.3);
    expect(verdict.findings.map((f) => f.message).join('\n')).toMatch(/upstream capacity ~\d+ kbit\/s: raising EchoTest's cap to 600 kbit\/s was not carried/);
  });

  it.each(BROWSERS)('%s with 2%% random loss on the router: each leg shows its own loss', (browser) => {
    const { metrics } = evaluateServerEcho(load(`${browser}-loss-2pct.json`));
    expect(metrics['upLossPct']).toBeGreaterThanOrEqual(1);
    expect(metrics['upLossPct']).toBeLessThanOrEqual(4);
    // Detectably above a clean leg's ~0 (the e2e bound too): 2% of a few hundred audio packets swings by ±1 point.
    expect(metrics['downLossPct']).toBeGreaterThan(0.5);
  });

  it.each(BROWSERS)('%s on loopback and in the open scenario: both legs clean, video and echoes come back, the verdict passes', (browser) => {
    for (const name of [`${browser}-loopback.json`, `${browser}-open.json`]) {
      const verdict = evaluateServerEcho(load(name));
      expect(statusOf(verdict), name).toBe('pass');
      expect(verdict.metrics['upLossPct']).toBeLessThan(1.5);
      expect(verdict.metrics['downLossPct']).toBeLessThan(1.5);
      expect(verdict.metrics['echoLossPct']).toBe(0);
      expect(verdict.metrics['downKbps']).toBeGreaterThan(300);
      expect(verdict.series?.map((s) => s.name)).toHaveLength(2);
    }
  });

  it('Chromium on loopback carries every cap: the capacity is a lower bound, said so', () => {
    const verdict = evaluateServerEcho(load('chromium-loopback.json'));
    expect(verdict.metrics['upKbps']).toBe(2400);
    expect(serverEchoProbe.keyFigure!(verdict.metrics)).toMatch(/^↑ ≥2400 kbit\/s ↓ \d+, loss 0\/0%$/);
    expect(verdict.findings.map((f) => f.message)).toContain(
      'upstream capacity at least 2400 kbit/s: every cap up to that was carried (the search ended, not the path)',
    );
  });

  it.each(BROWSERS)('%s: a wrong API secret and a URL where nothing listens fail with what is wrong', (browser) => {
    const refused = evaluateServerEcho(load(`${browser}-secret-refused.json`));
    expect(statusOf(refused)).toBe('fail');
    expect(refused.findings[0]!.message).toMatch(/^API secret refused by the Janus at http:\/\/127\.0\.0\.1:\d+\/janus \(while creating a Janus session\)$/);
    const nowhere = evaluateServerEcho(load(`${browser}-nothing-listening.json`));
    expect(statusOf(nowhere)).toBe('fail');
    expect(nowhere.findings[0]!.message).toMatch(/^no Janus at http:\/\/127\.0\.0\.1:\d+\/janus \(connection refused\) \(while creating a Janus session\)$/);
  });

  it('the thresholds recorded in the raw data decide: heavy upstream loss fails, a slow server warns', () => {
    const lossy = load('chromium-open.json');
    const up = lossy.sets.find((s) => s.name === UPSTREAM_SET)!;
    up.series['audioLostAtServer'] = up.series['audioSent']!.map((sent) => (sent === null ? null : Math.round(sent * 0.1)));
    expect(statusOf(evaluateServerEcho(lossy))).toBe('fail');
    const slow = load('chromium-open.json');
    slow.sets.find((s) => s.name === UPSTREAM_SET)!.series['rttMs'] = slow.sets[0]!.t.map(() => 450);
    const verdict = evaluateServerEcho(slow);
    expect(statusOf(verdict)).toBe('warn');
    expect(verdict.findings.map((f) => f.message)).toContain('round trip to the server 450 ms, above 300 ms');
  });

  it('skips when the run has no media server', () => {
    expect(statusOf(evaluateServerEcho({ ...load('chromium-open.json'), server: '', sets: [] }))).toBe('skip');
  });

  it('a step is carried when the estimate reaches 85% of the cap with little loss; the search stops at the first that is not', () => {
    const raw = load('chromium-bandwidth-400kbit.json');
    const up = raw.sets.find((s) => s.name === UPSTREAM_SET)!;
    expect(raw.steps.map((step) => stepCarried(stepFigures(up, step)))).toEqual([true, false]);
    expect(capacityOf(up, raw.steps)).toMatchObject({ atLeast: false, stoppedAtKbps: 600 });
  });

  it('the drill-down shows the capacity search step by step, and no table for raw data that is not its shape', () => {
    const [table] = serverEchoProbe.tables!(load('firefox-bandwidth-400kbit.json'));
    expect(table!.rows.map((row) => [row[0], row.at(-1)])).toEqual([
      ['300', 'yes'],
      ['600', 'no'],
    ]);
    expect(serverEchoProbe.tables!({ steps: 'x' })).toEqual([]);
    expect(serverEchoProbe.tables!(null)).toEqual([]);
  });
});
