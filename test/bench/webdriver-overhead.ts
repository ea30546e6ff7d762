// Benchmark: what driving a browser over classic WebDriver costs against puppeteer, through the
// harness's own browser sources (the BrowserPage interface the runner uses). For each source:
// launch (to a usable browser), one probe page's cycle (new page, load the api-surface probe
// page from the real page server, wait for the page kit, run it, close), and one page call's
// round trip (a no-op evaluate). Sources: Chromium via puppeteer (pipe), WebKitGTK via
// WebKitWebDriver, and Chromium behind a local Selenium Grid 4 both over classic WebDriver
// and over the Grid-relayed CDP (se:cdp). Prints medians; asserts nothing.
//   npm run build && node dist/test/bench/webdriver-overhead.js [--rounds 3] [--pages 5] [--no-grid]
import { parseArgs } from 'node:util';
import { median } from '../../core/median.js';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import type { BrowserSource, LaunchedBrowser } from '../../harness/launchers/launcher.js';
import { WebKitGtkLauncher } from '../../harness/launchers/webkitgtk.js';
import { WebDriverRemote } from '../../harness/launchers/webdriverRemote.js';
import { startPageServer } from '../../harness/server/server.js';
import { apiSurfaceProbe } from '../../probes/api-surface/probe.js';
import { type StartedGrid, startGrid } from '../support/seleniumGrid.js';

interface Figures {
  source: string;
  launchMs: number[];
  pageCycleMs: number[];
  callMs: number[];
}

const CALLS_PER_PAGE = 20;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

async function pageCycle(browser: LaunchedBrowser, url: string): Promise<number> {
  const [, ms] = await timed(async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.evaluate(async () => {
      while (window.__harness === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    });
    await page.evaluate((params: unknown) => window.__harness!.call!('run', params), apiSurfaceProbe.defaultParams);
    await page.close();
  });
  return ms;
}

async function measure(label: string, source: BrowserSource, url: string, rounds: number, pages: number): Promise<Figures> {
  const figures: Figures = { source: label, launchMs: [], pageCycleMs: [], callMs: [] };
  for (let round = 0; round < rounds; round++) {
    const [browser, launchMs] = await timed(() => source.launch());
    figures.launchMs.push(launchMs);
    try {
      for (let i = 0; i < pages; i++) figures.pageCycleMs.push(await pageCycle(browser, url));
      const page = await browser.newPage();
      await page.goto(url);
      for (let i = 0; i < CALLS_PER_PAGE; i++) figures.callMs.push((await timed(() => page.evaluate(() => 1)))[1]);
      await page.close();
    } finally {
      await browser.close();
    }
  }
  return figures;
}

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, pages: { type: 'string', default: '5' }, 'no-grid': { type: 'boolean' } },
});
const rounds = Number(values.rounds);
const pages = Number(values.pages);
const server = await startPageServer([apiSurfaceProbe]);
let grid: StartedGrid | null = null;
const results: Figures[] = [];
try {
  const url = server.probeUrl(apiSurfaceProbe.id, 'off');
  results.push(await measure('chromium (puppeteer, pipe)', LAUNCHERS['chromium']!, url, rounds, pages));
  results.push(await measure('webkit (WebKitGTK, classic WebDriver)', new WebKitGtkLauncher(), url, rounds, pages));
  if (!values['no-grid']) {
    grid = await startGrid(1);
    const endpoint = new URL(grid.url);
    results.push(
      await measure(
        'chromium via Grid (classic WebDriver)',
        new WebDriverRemote({ name: 'grid-wd', url: endpoint, protocol: 'webdriver' }),
        url,
        rounds,
        pages,
      ),
    );
    results.push(
      await measure('chromium via Grid (se:cdp, puppeteer)', new WebDriverRemote({ name: 'grid-cdp', url: endpoint, protocol: 'cdp' }), url, rounds, pages),
    );
  }
} finally {
  await grid?.kill();
  await server.close();
}
const fmt = (ms: number[]) =>
  `${Math.round(median(ms) ?? Number.NaN)
    .toString()
    .padStart(6)} ms`;
process.stdout.write(`webdriver-overhead: ${rounds} rounds, ${pages} api-surface page cycles and ${CALLS_PER_PAGE} no-op calls per round (medians)\n`);
process.stdout.write(`${'source'.padEnd(40)} ${'launch'.padStart(9)} ${'page cycle'.padStart(11)} ${'call'.padStart(9)}\n`);
for (const f of results) process.stdout.write(`${f.source.padEnd(40)} ${fmt(f.launchMs)} ${fmt(f.pageCycleMs).padStart(11)} ${fmt(f.callMs)}\n`);
