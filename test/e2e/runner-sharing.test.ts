// How the runner shares work between probes of one browser: one recording for the probes that
// pick from the same page, and side-by-side probes running beside the ones that take turns.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../core/results.js';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import { runMatrix } from '../../harness/runner.js';
import type { ProbeSpec } from '../../probes/types.js';
import { ReporterMultiplexer } from '../../reports/index.js';
import type { Reporter } from '../../reports/reporter.js';
import type { Stamp } from './probes/stamps/page.js';

function stampProbe(id: string, extra: Partial<ProbeSpec<{ holdMs: number }, Stamp>>): ProbeSpec<{ holdMs: number }, Stamp> {
  return {
    id,
    title: id,
    summary: 'records when its page ran',
    pageModule: 'test/e2e/probes/stamps/page.js',
    defaultParams: { holdMs: 800 },
    timeoutMs: 10_000,
    metrics: {},
    evaluate: () => ({ findings: [], metrics: {} }),
    ...extra,
  };
}

const run = (probes: ProbeSpec[], browsers = ['chromium'], reporters: Reporter[] = []) =>
  runMatrix({
    command: 'test',
    browsers: browsers.map((name) => ({ launcher: LAUNCHERS[name]!, request: {} })),
    probes,
    adapterModes: ['off'],
    outDir: mkdtempSync(join(tmpdir(), 'wh-e2e-sharing-')),
    reporter: new ReporterMultiplexer(reporters),
  });

const stampOf = (results: ProbeResult[], probe: string, browser = 'chromium') => {
  const result = results.find((r) => r.probe === probe && r.browser.name === browser);
  expect(result?.status, `${probe} in ${browser}: ${result?.reason}`).toBe('pass');
  return result!.raw as Stamp;
};
const overlap = (a: Stamp, b: Stamp) => a.startedAt < b.endedAt && b.startedAt < a.endedAt;

describe('the runner', () => {
  it('records a page that probes pick from once per browser, and gives each probe its pick as its own raw data', async () => {
    const picked = (id: string) => stampProbe(id, { pick: (stamp: Stamp) => stamp });
    const { results } = await run([picked('first'), picked('second'), stampProbe('own', {})], ['chromium', 'firefox']);
    for (const browser of ['chromium', 'firefox']) {
      expect(stampOf(results, 'second', browser).page).toBe(stampOf(results, 'first', browser).page);
      expect(stampOf(results, 'own', browser).page).not.toBe(stampOf(results, 'first', browser).page);
    }
    expect(stampOf(results, 'first', 'firefox').page).not.toBe(stampOf(results, 'first', 'chromium').page);
  });

  it("starts probes only once every browser is up, so no browser launches beside another one's probe pages", async () => {
    const events: string[] = [];
    const order: Reporter = {
      name: 'order',
      onBrowserReady: ({ name }) => void events.push(`ready ${name}`),
      onProbeBegin: ({ browser }) => void events.push(`begin ${browser}`),
    };
    await run([stampProbe('only', { defaultParams: { holdMs: 0 } })], ['chromium', 'firefox'], [order]);
    expect(events.slice(0, 2).sort()).toEqual(['ready chromium', 'ready firefox']);
    expect(events.slice(2).sort()).toEqual(['begin chromium', 'begin firefox']);
  });

  it('runs side-by-side probes beside the others, which still take turns', async () => {
    const { results } = await run([stampProbe('turn-1', {}), stampProbe('turn-2', {}), stampProbe('beside', { sideBySide: true })]);
    const [first, second, beside] = ['turn-1', 'turn-2', 'beside'].map((id) => stampOf(results, id));
    expect(overlap(first!, second!)).toBe(false);
    expect(overlap(beside!, first!)).toBe(true);
  });
});
