// Benchmark of the HTML report. Prints figures; asserts nothing.
//   npm run build && node dist/test/bench/report-render.js [--loads 5] [--hz 10]
// Input: a real run, 2 browsers x 2 adapter modes x all probes
// (fixtures/results/run-both-adapters-all-probes.json), and the same run with a synthetic 30 s
// series on every result (2 sets of 2 lines sampled at --hz, as a getStats probe records them).
// Figures: render time in Node, size of index.html, and time from navigation until the page
// has drawn every chart (window.__reportReady) in headless Chromium from file://, median of
// --loads fresh pages. Targets: <= 2 MB and <= 1.5 s.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ProbeResult, RunResults } from '../../core/results.js';
import { renderHtml } from '../../reports/html/render.js';
import { launchReportBrowser, openReport } from '../support/reportPage.js';
import { loadResultsFixture } from '../support/resultsFixtures.js';
import { median } from '../../core/median.js';

const SIZE_TARGET = 2 * 1024 * 1024;
const READY_TARGET_MS = 1500;

/** 30 s of plausible call stats in the shape stats probes record (core/series.ts): a sending and a receiving set. */
function withSeries(run: RunResults, hz: number): RunResults {
  const t = Array.from({ length: 30 * hz + 1 }, (_, i) => Math.round((i / hz) * 1000) / 1000);
  const round = (n: number) => Math.round(n * 10) / 10;
  const noise = (i: number, seed: number) => Math.sin(i * 12.9898 + seed * 78.233) * 0.5 + 0.5;
  const results = run.results.map(
    (r, k): ProbeResult => ({
      ...r,
      series: [
        {
          name: 'caller (sending)',
          t,
          series: {
            bitrateKbps: t.map((s, i) => round(Math.min(2500, 300 + s * 120) * (0.9 + 0.2 * noise(i, k)))),
            rttMs: t.map((_, i) => round(20 + 15 * noise(i, k + 1))),
          },
          units: { bitrateKbps: 'kbit/s', rttMs: 'ms' },
        },
        {
          name: 'callee (receiving)',
          t,
          series: { jitterMs: t.map((_, i) => round(2 + 6 * noise(i, k + 2))), lossPct: t.map((_, i) => (i % 37 === 0 ? null : round(noise(i, k + 3)))) },
          units: { jitterMs: 'ms', lossPct: '%' },
        },
      ],
    }),
  );
  return { ...run, results };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { loads: { type: 'string', default: '5' }, hz: { type: 'string', default: '10' } } });
  const loads = Number(values.loads);
  const hz = Number(values.hz);
  const real = loadResultsFixture('run-both-adapters-all-probes.json');
  const dir = mkdtempSync(join(tmpdir(), 'wh-report-bench-'));
  const browser = await launchReportBrowser();
  try {
    for (const [name, run] of [
      ['real run (28 results)', real],
      [`real run + 30 s series at ${hz} Hz on every result`, withSeries(real, hz)],
    ] as const) {
      const started = performance.now();
      const html = renderHtml(run);
      const renderMs = performance.now() - started;
      const file = join(dir, `${name.replace(/\W+/g, '-')}.html`);
      writeFileSync(file, html);
      const times: number[] = [];
      let charts = 0;
      for (let i = 0; i < loads; i++) {
        const report = await openReport(browser, file);
        times.push(report.readyMs);
        charts = await report.page.$$eval('canvas', (c) => c.length);
        const problems = [...(await report.violations()), ...report.errors, ...report.requests];
        if (problems.length) throw new Error(`${name}: ${problems.join('; ')}`);
        await report.page.close();
      }
      const bytes = Buffer.byteLength(html);
      const ready = median(times)!;
      console.log(
        `${name}: index.html ${(bytes / 1024).toFixed(0)} KB (target <= ${SIZE_TARGET / 1024 / 1024} MB: ${bytes <= SIZE_TARGET ? 'met' : 'MISSED'}), ` +
          `rendered in ${renderMs.toFixed(0)} ms, ${charts} charts drawn ${ready.toFixed(0)} ms after navigation ` +
          `(median of ${loads}, min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}; target <= ${READY_TARGET_MS} ms: ${ready <= READY_TARGET_MS ? 'met' : 'MISSED'})`,
      );
    }
  } finally {
    await browser.close();
  }
}

await main();
