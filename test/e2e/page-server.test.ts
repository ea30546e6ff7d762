// The page server over the real compiled tree: every probe page boots in real browsers under
// its Content-Security-Policy, in each adapter mode and page profile, page code can use core's
// SDP toolkit, while nothing of dist/ that no page imports is served, and nothing at all
// outside the run's random path.
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecsOf, parse, write } from '../../core/sdp/index.js';
import { CHROMIUM_FLAGS } from '../../harness/launchers/chromium.js';
import { FIREFOX_PREFS } from '../../harness/launchers/firefox.js';
import { type PageServer, startPageServer } from '../../harness/server/server.js';
import { PROBES } from '../../probes/index.js';
import { readSdpFixture } from '../support/sdpFixtures.js';
import type { ToolkitRun } from './probes/sdp-toolkit/page.js';

/** A test page (not a probe) whose code imports core/sdp, and through it sdp-transform. */
const SDP_TOOLKIT_PAGE = { id: 'sdp-toolkit', pageModule: 'test/e2e/probes/sdp-toolkit/page.js' };

describe('the page server over the compiled tree', () => {
  let server: PageServer;
  let base: string;
  beforeAll(async () => {
    server = await startPageServer([...PROBES, SDP_TOOLKIT_PAGE]);
    base = new URL(server.probeUrl(PROBES[0]!.id, 'off')).pathname.split('/probe/')[0]!;
  });
  afterAll(() => server.close());

  it('serves no module of the harness that no page imports, and nothing outside the run path', async () => {
    for (const path of [
      `${base}/code/harness/turn/coturn.js`,
      `${base}/code/harness/cli.js`,
      `${base}/code/harness/runner.js`,
      '/code/probes/page-kit/bootstrap.js',
      `/probe/${PROBES[0]!.id}`,
    ]) {
      expect((await fetch(server.origin + path)).status, path).toBe(404);
    }
    expect((await fetch(`${server.origin}${base}/code/probes/page-kit/bootstrap.js`)).status).toBe(200);
  });

  const browsers: Record<string, () => Promise<Browser>> = {
    chromium: () => puppeteer.launch({ browser: 'chrome', executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS.map((f) => f.value) }),
    firefox: () =>
      puppeteer.launch({
        browser: 'firefox',
        executablePath: '/usr/bin/firefox-esr',
        headless: true,
        extraPrefsFirefox: Object.fromEntries(Object.entries(FIREFOX_PREFS).map(([k, v]) => [k, v.value])),
      }),
  };

  it.each(Object.keys(browsers))('boots every probe page in %s under its CSP, adapter off and on, and in the edge-ortc profile', async (name) => {
    const browser = await browsers[name]!();
    try {
      const page = await browser.newPage();
      const urls = PROBES.flatMap((p) => [
        server.probeUrl(p.id, 'off'),
        server.probeUrl(p.id, 'on'),
        ...(name === 'chromium' ? [server.probeUrl(p.id, 'off', 'edge-ortc')] : []),
      ]);
      for (const url of urls) {
        await page.goto(url);
        await page.waitForFunction(() => window.__harness !== undefined);
        const bridge = await page.evaluate(() => ({ ready: window.__harness?.ready, loadError: window.__harness?.loadError }));
        expect(bridge, url).toEqual({ ready: true, loadError: undefined });
      }
    } finally {
      await browser.close();
    }
  });

  it.each(Object.keys(browsers))("runs core's SDP toolkit in a %s page (sdp-transform through the import map) with the result it has in Node", async (name) => {
    const sdp = readSdpFixture('firefox-offer-av-data.sdp');
    const browser = await browsers[name]!();
    try {
      const page = await browser.newPage();
      await page.goto(server.probeUrl(SDP_TOOLKIT_PAGE.id, 'off'));
      await page.waitForFunction(() => window.__harness !== undefined);
      expect(await page.evaluate(() => window.__harness?.loadError)).toBeUndefined();
      const inPage = (await page.evaluate((text) => window.__harness!.call!('run', text), sdp)) as ToolkitRun;
      const parsed = parse(sdp);
      expect(inPage).toEqual({ parsed, written: write(parsed), codecs: codecsOf(parsed.media[0]!).map((c) => c.identity) });
      expect(inPage.codecs.length).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });
});
