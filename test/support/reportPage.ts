// Opens an HTML report from file:// in headless Chromium the way a reader would, recording
// what a security test needs to see: CSP violations, console errors, page errors and every
// request the page makes. Shared by the report e2e tests and the render benchmark.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { pathToFileURL } from 'node:url';

/** Flags of a quiet Chromium that calls nowhere on its own, so any request seen is the page's. */
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export function launchReportBrowser(): Promise<Browser> {
  return puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
}

export interface OpenedReport {
  page: Page;
  /** Milliseconds from navigation start until window.__reportReady (every chart drawn). */
  readyMs: number;
  /** CSP violations reported to the page (securitypolicyviolation events): directive and what was blocked. */
  violations(): Promise<string[]>;
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** URLs the page requested besides the report itself. */
  requests: string[];
}

export async function openReport(browser: Browser, file: string, viewport = { width: 1280, height: 900 }): Promise<OpenedReport> {
  const page = await browser.newPage();
  await page.setViewport({ ...viewport, deviceScaleFactor: 1 });
  const url = pathToFileURL(file).href;
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error instanceof Error ? error.message : String(error)}`));
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  // Runs before the page's own scripts (and outside its CSP), so no violation goes unseen.
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__violations', { value: seen });
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}: ${e.sample}`));
  });
  const started = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__reportReady === true, { timeout: 15_000 });
  const readyMs = performance.now() - started;
  return {
    page,
    readyMs,
    errors,
    requests,
    violations: () => page.evaluate(() => [...((window as unknown as { __violations?: string[] }).__violations ?? [])]),
  };
}
