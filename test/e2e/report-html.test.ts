// The HTML report in a real headless Chromium, opened from file:// as a reader opens it:
// hostile strings stay text, the page works under its own CSP, makes no request, and reads
// on a phone. Screenshots go to /tmp/report-*.png for a human to look at.
// Needs the compiled CLI and page script: npx tsc -p tsconfig.json
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.js';
import { type OpenedReport, launchReportBrowser, openReport } from '../support/reportPage.js';
import { resultsFixture } from '../support/resultsFixtures.js';

const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '"><img src=x onerror="window.__pwned=1">',
  'javascript:window.__pwned=1',
  '</script><script>window.__pwned=1</script>',
];

/** Renders a results fixture with `webrtc-harness report html`; returns the index.html path. */
async function renderFixture(name: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wh-report-'));
  const { code, stderr } = await startCli(['report', 'html', resultsFixture(name), '-o', dir]).done;
  expect(code, stderr).toBe(0);
  return join(dir, 'index.html');
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchReportBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens the fixture's report once, before the tests of the enclosing describe block. */
function reportOf(fixture: string): () => OpenedReport {
  let report: OpenedReport | undefined;
  beforeAll(async () => {
    report = await openReport(browser, await renderFixture(fixture));
  });
  return () => report!;
}

/** What must hold at every moment: nothing injected ran, nothing was blocked, nothing was fetched, no error. */
async function expectClean(report: OpenedReport): Promise<void> {
  expect(await report.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await report.violations()).toEqual([]);
  expect(report.errors).toEqual([]);
  expect(report.requests).toEqual([]);
}

describe('HTML report of hostile strings (fixtures/results/xss-payloads.json)', () => {
  const report = reportOf('xss-payloads.json');

  it('renders the matrix and draws charts under its CSP, with no violation, error or request', async () => {
    const { page } = report();
    expect(await page.$$eval('table.matrix tbody tr', (rows) => rows.length)).toBe(4);
    expect(await page.$$eval('button.cell', (cells) => cells.length)).toBe(7);
    // A chart drew: its canvas has painted (non-transparent) pixels.
    const painted = await page.$$eval('.charts-section canvas', (canvases) =>
      canvases.map((c) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        return data.some((value, i) => i % 4 === 3 && value !== 0);
      }),
    );
    expect(painted.length).toBeGreaterThan(0);
    expect(painted.every(Boolean)).toBe(true);
    await expectClean(report());
  });

  it('opens every cell without running an injected script, and shows each payload as text', async () => {
    const { page } = report();
    const cells = await page.$$('button.cell');
    const seen = new Set<string>();
    for (const cell of cells) {
      await cell.click();
      const details = await page.$eval('#details', (d) => ({ heading: d.querySelector('h2')?.textContent ?? '', text: (d as HTMLElement).textContent }));
      expect(details.heading).not.toBe('Details');
      for (const payload of PAYLOADS) if (details.text.includes(payload)) seen.add(payload);
      await expectClean(report());
    }
    // innerText is what is rendered: every payload appears as visible characters somewhere.
    const pageText = await page.evaluate(() => document.body.textContent);
    for (const payload of PAYLOADS) expect(pageText.includes(payload) || seen.has(payload), payload).toBe(true);
    // Nothing the payloads describe became an element.
    expect(await page.$$eval('img, iframe, object, embed, a[href], [onerror]', (found) => found.length)).toBe(0);
    expect(await page.$$eval('script', (scripts) => scripts.length)).toBe(2);
  });

  it('shows the ICE drill-down: candidate table with the unparsed line, candidate errors, raw JSON as text', async () => {
    const { page } = report();
    await page.click('tbody tr:nth-child(2) button.cell');
    const tables = await page.$$eval('#details table.data', (found) => found.map((t) => [...t.querySelectorAll('th')].map((th) => th.textContent).join('|')));
    expect(tables.some((h) => h.startsWith('server|type|protocol|address|port'))).toBe(true);
    expect(tables.some((h) => h.startsWith('server|code|text'))).toBe(true);
    const raw = await page.$eval('#details pre.raw', (pre) => pre.textContent ?? '');
    expect(JSON.parse(raw)).toMatchObject({ runs: expect.any(Array) });
    await page.screenshot({ path: '/tmp/report-xss-drilldown.png', fullPage: true });
    await expectClean(report());
  });

  it('draws the series of a stats-like result as line charts in its drill-down', async () => {
    const { page } = report();
    await page.click('tbody tr:nth-child(3) button.cell');
    const captions = await page.$$eval('#details figure.chart figcaption', (found) => found.map((f) => f.textContent));
    expect(captions).toEqual([
      'caller "><img src=x onerror="window.__pwned=1"> · <script>window.__pwned=1</script> (</script><script>window.__pwned=1</script>)',
      'caller "><img src=x onerror="window.__pwned=1"> · rttMs (ms)',
    ]);
    const events = await page.$$eval('#details table.data', (found) => found.map((t) => (t as HTMLElement).textContent).find((text) => text.startsWith('set')));
    expect(events).toContain('javascript:window.__pwned=1');
    await expectClean(report());
  });
});

describe('the CSP of the HTML report', () => {
  it('blocks a script that is not one of its own, should one ever get into the file', async () => {
    const file = await renderFixture('check-all-pass.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('</body>', '<script>window.__pwned=1</script></body>'));
    const report = await openReport(browser, file);
    expect(await report.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await report.violations()).toEqual([expect.stringMatching(/^script-src-elem blocked inline/)]);
    // The report itself still works.
    expect(await report.page.$$eval('button.cell', (cells) => cells.length)).toBe(12);
    await report.page.close();
  });
});

describe('HTML report of a real check with a wrong TURN credential (fixtures/results/check-turn-wrong-credential.json)', () => {
  const report = reportOf('check-turn-wrong-credential.json');

  it('starts with the readiness verdict and opens the first failure', async () => {
    const { page } = report();
    expect(await page.$eval('.readiness .verdict', (v) => v.textContent)).toBe('NOT READY');
    expect(await page.$eval('#details h2', (h) => h.textContent)).toMatch(/^TURN reachability/);
    // Both browsers fail TURN alike; they differ only in ice-candidates, where Chromium warns
    // (it drops a srflx equal to its host address, so no server produced one) and Firefox passes.
    expect(await page.$$eval('td.differs', (cells) => cells.map((c) => c.closest('tr')!.querySelector('th')?.textContent ?? ''))).toEqual([
      'ice-candidates',
      'ice-candidates',
    ]);
    await page.screenshot({ path: '/tmp/report-check-matrix.png' });
    await expectClean(report());
  });

  it('reads on a 390 px phone: two browsers fit without sideways scrolling', async () => {
    const { page } = report();
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
    await page.waitForFunction(() => window.innerWidth === 390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/report-phone.png' });
    await page.click('tbody tr:nth-child(4) button.cell');
    await page.screenshot({ path: '/tmp/report-phone-drilldown.png' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectClean(report());
  });
});

describe('HTML report of a real run, 2 browsers x 2 adapter modes (fixtures/results/run-both-adapters-all-probes.json)', () => {
  it('on a 390 px phone the page stays put and the four-column matrix scrolls sideways in its box', async () => {
    const report = await openReport(browser, await renderFixture('run-both-adapters-all-probes.json'), { width: 390, height: 844 });
    const widths = await report.page.evaluate(() => {
      const scroller = document.querySelector('table.matrix')!.parentElement!;
      return { page: document.documentElement.scrollWidth, matrixScroll: scroller.scrollWidth, matrixBox: scroller.clientWidth };
    });
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.matrixScroll).toBeGreaterThan(widths.matrixBox);
    await report.page.screenshot({ path: '/tmp/report-phone-4-columns.png' });
    await report.page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
    await report.page.screenshot({ path: '/tmp/report-run-matrix.png' });
    await expectClean(report);
  });
});
