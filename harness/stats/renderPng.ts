// Renders the chart page in headless Chromium and collects each chart as a PNG. The caller
// launches Chromium (harness/launchers; stats code does not reach into launchers) and hands
// the pending launch over at once, so the browser's start overlaps the import. The page is
// served once from a throwaway http server on 127.0.0.1 (a real origin, so the page's CSP
// applies as it does for the saved file); the page script draws every chart at a fixed size
// and hands back canvas PNGs: one browser round trip instead of a screenshot per chart.
// The browser is closed on every path; an abort (Ctrl-C) closes it at once.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'puppeteer-core';
import { withTimeout } from '../teardown.js';

/** A browser to draw in and how to let go of it: what a launcher's launch() resolves to. */
export interface DrawingBrowser {
  browser: Pick<Browser, 'newPage'>;
  close(): Promise<void>;
}

const RENDER_LIMIT_MS = 120_000;

export class PngRenderer {
  readonly #launched: Promise<DrawingBrowser>;
  readonly #signal: AbortSignal | undefined;

  /** `launched`: Chromium being launched; the renderer closes it (close(), or on abort). */
  constructor(launched: Promise<DrawingBrowser>, signal?: AbortSignal) {
    this.#signal = signal;
    this.#launched = launched;
    // Unobserved until render() or close(): a launch failure must not become an unhandled rejection meanwhile.
    this.#launched.catch(() => undefined);
    signal?.addEventListener('abort', () => void this.close(), { once: true });
  }

  /** PNG bytes by chart id. */
  async render(html: string): Promise<Map<string, Buffer>> {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const launched = await this.#launched;
      this.#signal?.throwIfAborted();
      const page = await launched.browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error instanceof Error ? error.message : String(error)));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await withTimeout(page.waitForSelector('html[data-ready], html[data-error]'), RENDER_LIMIT_MS, 'rendering the charts');
      const result = await page.evaluate(() => ({
        error: document.documentElement.getAttribute('data-error'),
        images: (window as unknown as { __chartImages?: Record<string, string> }).__chartImages ?? {},
      }));
      if (result.error || errors.length) throw new Error(`the chart page failed in Chromium: ${result.error ?? errors.join('; ')}`);
      const pngs = new Map<string, Buffer>();
      for (const [id, url] of Object.entries(result.images)) pngs.set(id, Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
      return pngs;
    } catch (error) {
      // A browser closed by Ctrl-C fails whatever it was doing: report the interruption, not that.
      this.#signal?.throwIfAborted();
      throw error;
    } finally {
      server.close();
      server.closeAllConnections();
    }
  }

  async close(): Promise<void> {
    const launched = await this.#launched.catch(() => undefined);
    await launched?.close();
  }
}
