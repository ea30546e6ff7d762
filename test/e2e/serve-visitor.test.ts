// Visitors of `webrtc-harness serve`: real Chromium and Firefox open the readiness page the way a
// person does (read, click Start), run the probes in the browser against serve's embedded coturn,
// and the runs land in serve's SQLite store; the share links and the comparison show them. Also
// what goes wrong for real visitors: a refused camera prompt, and the server dying mid-check.
// Needs the compiled CLI and pages: npm run build
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HTTPResponse, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../core/results.js';
import { RUN_ID_PATTERN, type IceServersResponse } from '../../reports/servedRun.js';
import { CHROMIUM_FLAGS, ChromiumLauncher } from '../../harness/launchers/chromium.js';
import { FirefoxLauncher } from '../../harness/launchers/firefox.js';
import type { BrowserSetting, PuppeteerBrowser } from '../../harness/launchers/launcher.js';
import { buildScenario } from '../../harness/network/netns.js';
import { findScenario } from '../../harness/network/scenarios.js';
import { ADDRESSES } from '../../harness/network/topology.js';
import { TeardownStack } from '../../harness/teardown.js';
import { VISIT_PROBE_IDS } from '../../reports/pages/client/readiness/visitPlan.js';
import { processTree } from '../support/processes.js';
import { type Serving, isServing, startServe, stopServe } from '../support/serveProcess.js';
import { validateResults } from '../support/resultsSchema.js';

const dir = mkdtempSync(join(tmpdir(), 'wh-serve-visitor-'));
const ADMIN_TOKEN = 'e2e-visitor-admin-token-61c0f9e2';
const TOKEN_FILE = join(dir, 'admin-token');
writeFileSync(TOKEN_FILE, `${ADMIN_TOKEN}\n`, { mode: 0o600 });
const LABEL = 'TICKET-123 e2e';

/** What a person waits for at most; a visit takes about half a minute (the 20 s relayed call is most of it). */
const VISIT_LIMIT_MS = 120_000;

/** serve on `host` (127.0.0.1 by default: a secure context, so the camera and microphone may be asked for), through `prefix`. */
const serveOn = (db: string, host = '127.0.0.1', prefix: readonly string[] = []) =>
  startServe(['--host', host, '--db', db, '--admin-token-file', TOKEN_FILE], {}, prefix);

/** Stops serve with `signal`; the processes of its tree (coturn) still alive after a bounded wait. */
const stopped = async (serving: Serving, signal: NodeJS.Signals) => (await stopServe(serving, signal)).leftovers;

/** Headless Chromium whose camera/microphone prompt is answered "Block", as a visitor who refuses does. */
class RefusingChromium extends ChromiumLauncher {
  protected override readonly flags: readonly BrowserSetting<string>[] = [
    ...CHROMIUM_FLAGS.filter((f) => f.value !== '--use-fake-ui-for-media-stream'),
    { value: '--deny-permission-prompts', reason: 'answers every permission prompt with Block, as the visitor who refuses' },
  ];
}

interface Visit {
  phase: string;
  /** From clicking Start (or loading with ?autostart=1) until the verdict shows. */
  wallMs: number;
  headline: string;
  advice: string[];
  /** The share link's href as the page wrote it, or null when nothing was stored. */
  share: string | null;
  again: string | null;
  problem: string | null;
  /** results.json as the page offers it for download (its blob: URL), parsed. */
  downloaded: RunResults;
  downloadedText: string;
  /** Content-Security-Policy violations the page met. */
  violations: string[];
}

/** Records CSP violations from before the page's own script runs. */
async function watchViolations(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__violations', { value: seen });
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`));
  });
}

/**
 * Opens the page as a person does: it must say what it tests and why the prompt comes, then
 * Start is clicked (unless the URL autostarts); waits for the verdict and reads what is shown.
 */
async function visitAsPerson(page: Page, url: string, onRunning?: () => Promise<void>): Promise<Visit> {
  await page.goto(url, { waitUntil: 'load' });
  const autostart = new URL(url).searchParams.get('autostart') === '1';
  const started = Date.now();
  if (!autostart) {
    const intro = await page.$eval('#app', (app) => app.textContent ?? '');
    expect(intro).toContain('Why your browser will ask for the camera and microphone');
    expect(intro).toContain('A 12-second video call relayed through the server');
    expect(intro).toContain('A call to the media server and back');
    await page.click('#start');
  }
  if (onRunning) {
    await page.waitForFunction(() => document.getElementById('app')?.dataset['phase'] === 'running', { timeout: 30_000, polling: 50 });
    await onRunning();
  }
  await page.waitForFunction(() => ['done', 'failed'].includes(document.getElementById('app')?.dataset['phase'] ?? ''), {
    timeout: VISIT_LIMIT_MS,
    polling: 100,
  });
  const wallMs = Date.now() - started;
  const shown = await page.evaluate(() => {
    const text = (selector: string) => document.querySelector(selector)?.textContent ?? null;
    const download = document.querySelector<HTMLAnchorElement>('#download');
    return {
      phase: document.getElementById('app')?.dataset['phase'] ?? '',
      headline: text('.headline') ?? '',
      advice: [...document.querySelectorAll('ul.advice li')].map((li) => li.textContent ?? ''),
      share: document.querySelector('#share')?.getAttribute('href') ?? null,
      again: document.querySelector('#again')?.getAttribute('href') ?? null,
      problem: text('.problem'),
      downloadHref: download?.href ?? '',
      downloadName: download?.download ?? '',
      violations: [...((window as unknown as { __violations?: string[] }).__violations ?? [])],
    };
  });
  expect(shown.downloadHref).toMatch(/^blob:/);
  expect(shown.downloadName).toBe('results.json');
  // The page's CSP lets it fetch from its server only, so the file is read where a person's
  // browser puts it: opened from its blob: URL, in a tab of its own.
  const reader = await page.browserContext().newPage();
  await reader.goto(shown.downloadHref);
  const downloadedText = await reader.evaluate(() => document.querySelector('pre')?.textContent ?? '');
  await reader.close();
  return { ...shown, wallMs, downloadedText, downloaded: JSON.parse(downloadedText) as RunResults };
}

/** The TURN username and credential minted for the page's visit, read off its /api/ice-servers answer. */
function mintedCredentials(page: Page): () => string[] {
  const seen: string[] = [];
  page.on('response', (response: HTTPResponse) => {
    if (!response.url().endsWith('/api/ice-servers')) return;
    void response
      .json()
      .then((body: IceServersResponse) => seen.push(...body.iceServers.flatMap((s) => [s.username ?? '', s.credential ?? ''].filter(Boolean))))
      .catch(() => undefined);
  });
  return () => seen;
}

/** Every body the page received, as text (what a secret sent to the page would be in). */
function responseBodies(page: Page): () => Promise<string[]> {
  const bodies: Promise<string>[] = [];
  page.on('response', (response: HTTPResponse) => {
    if (response.request().method() === 'OPTIONS' || (response.status() >= 300 && response.status() < 400)) return;
    bodies.push(response.text().catch(() => ''));
  });
  return () => Promise.all(bodies);
}

/** The embedded Janus's API secret, read from the config file its command line names (the test runs as root). */
function janusApiSecret(serving: Serving): string {
  for (const pid of processTree(serving.run.child.pid!)) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv[0] !== '/usr/bin/janus') continue;
    const config = readFileSync(argv[argv.indexOf('-C') + 1]!, 'utf8');
    return /api_secret = "([0-9a-f]+)"/.exec(config)![1]!;
  }
  throw new Error('serve runs no embedded Janus');
}

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

interface AdminRun {
  id: string;
  label: string | null;
  browsers: string[];
  verdict: string;
}

async function adminRuns(serving: Serving, label: string): Promise<AdminRun[]> {
  const response = await fetch(`${serving.origin}/api/runs?label=${encodeURIComponent(label)}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { runs: AdminRun[] }).runs;
}

const wallTimes: Record<string, number> = {};
let serving: Serving;
let chromium: PuppeteerBrowser;
let firefox: PuppeteerBrowser;
const visits: Record<string, Visit> = {};

beforeAll(async () => {
  [serving, chromium, firefox] = await Promise.all([serveOn(join(dir, 'runs.db')), new ChromiumLauncher().launch({}), new FirefoxLauncher().launch({})]);
});

afterAll(async () => {
  await Promise.all([chromium?.close(), firefox?.close()]);
  if (serving && isServing(serving)) expect(await stopped(serving, 'SIGTERM')).toEqual([]);
  process.stdout.write(`serve-visitor: visitor wall time from Start to verdict: ${JSON.stringify(wallTimes)} ms\n`);
});

describe.each([
  ['chromium', () => chromium],
  ['firefox', () => firefox],
])('a visitor in %s', (name, browser) => {
  it('reads what will be tested, clicks Start, and gets a verdict, a share link, results.json and a link for another browser', async () => {
    const page = await browser().browser.newPage();
    await page.setViewport({ width: 390, height: 844 });
    await watchViolations(page);
    const credentials = mintedCredentials(page);
    const bodies = responseBodies(page);
    const visit = await visitAsPerson(page, `${serving.origin}/?label=${encodeURIComponent(LABEL)}`);
    wallTimes[name] = visit.wallMs;
    visits[name] = visit;
    expect(visit.phase).toBe('done');
    expect(visit.headline).toMatch(/^Ready/);
    expect(visit.problem).toBeNull();
    expect(visit.share).toMatch(/^\/r\/[A-Za-z0-9_-]{22,64}$/);
    expect(visit.again).toBe(`/?${new URLSearchParams({ label: LABEL })}`);
    expect(visit.violations).toEqual([]);
    // The page's own results.json: the schema's, this browser's, every probe of the visit, none errored.
    expect(validateResults(visit.downloaded), JSON.stringify(validateResults.errors)).toBe(true);
    expect(visit.downloaded.command).toBe('serve');
    expect(visit.downloaded.environment.browsers.map((b) => b.name)).toEqual([name]);
    expect(visit.downloaded.results.map((r) => `${r.probe} ${r.status}`).filter((line) => /error|fail/.test(line))).toEqual([]);
    // Every probe of the visit, in the report's order (the visit plan's unit test spells them out).
    expect(visit.downloaded.results.map((r) => r.probe)).toEqual(VISIT_PROBE_IDS);
    // The relayed measurements really went through the server's TURN.
    const raw = (probe: string) => visit.downloaded.results.find((r) => r.probe === probe)?.raw as { relayed?: boolean };
    expect(raw('getstats-bandwidth').relayed).toBe(true);
    expect(raw('datachannel-throughput').relayed).toBe(true);
    // A real call to serve's embedded Janus and back, through serve's proxy, whose secret the page never saw.
    const echo = visit.downloaded.results.find((r) => r.probe === 'server-echo')!;
    expect(echo.status, JSON.stringify(echo.findings)).toMatch(/^(pass|warn)$/);
    expect(echo.raw).toMatchObject({ server: `${serving.origin}/janus` });
    expect(echo.metrics['upKbps']).toBeGreaterThan(0);
    const janusSecret = janusApiSecret(serving);
    const received = await bodies();
    expect(received.some((body) => /"janus":\s*"success"/.test(body))).toBe(true);
    for (const body of [...received, visit.downloadedText]) expect(body).not.toContain(janusSecret);
    // The camera and microphone checks read the fake devices (Chromium: a moving pattern and a beep
    // each second; Firefox: a frame changing colour and a steady tone): frames, none black, sound.
    const camera = visit.downloaded.results.find((r) => r.probe === 'video-quality')!;
    const mic = visit.downloaded.results.find((r) => r.probe === 'audio-quality')!;
    expect(camera.raw).toMatchObject({ source: { mode: 'camera' } });
    expect(camera.metrics['receivedFrames'], JSON.stringify(camera.findings)).toBeGreaterThan(20);
    expect(camera.metrics['blackFrames']).toBe(0);
    // Firefox runs WebAudio only with an audio output: the launcher gives it a private PulseAudio null sink.
    expect(mic.metrics['micRmsDb'] ?? Number.NEGATIVE_INFINITY, JSON.stringify(mic.findings)).toBeGreaterThan(-60);
    expect(mic.raw).toMatchObject({ call: null });
    // The visit's TURN credentials reached the page, never its results.
    expect(keysOf(visit.downloaded)).not.toContain('credential');
    if (name === 'chromium') {
      expect(credentials().length).toBeGreaterThan(0);
      for (const secret of credentials()) expect(visit.downloadedText).not.toContain(secret);
    }
    await page.close();
  });
});

describe('the runs the visitors stored', () => {
  it('land in the store under the label, one per browser, as the admin API lists them', async () => {
    const runs = await adminRuns(serving, LABEL);
    const ids = Object.fromEntries(Object.entries(visits).map(([name, v]) => [name, v.share!.slice('/r/'.length)]));
    expect(Object.keys(ids).sort()).toEqual(['chromium', 'firefox']);
    for (const [name, id] of Object.entries(ids)) {
      expect(id).toMatch(RUN_ID_PATTERN);
      expect(runs.find((r) => r.id === id)).toMatchObject({ label: LABEL, browsers: [name], verdict: expect.stringMatching(/^(ready|degraded)$/) });
    }
  });

  it('each share link renders that visit as the HTML report, and its results.json is the one the page offered', async () => {
    const page = await chromium.browser.newPage();
    for (const [name, visit] of Object.entries(visits)) {
      await page.goto(`${serving.origin}${visit.share}`, { waitUntil: 'load' });
      await page.waitForFunction(() => (window as unknown as { __reportReady?: boolean }).__reportReady === true, { timeout: 15_000 });
      expect(await page.$eval('#app', (app) => app.textContent ?? '')).toContain(name);
      const stored = (await (await fetch(`${serving.origin}${visit.share}/results.json`)).json()) as RunResults;
      expect(validateResults(stored)).toBe(true);
      expect(stored).toEqual(visit.downloaded);
    }
    await page.close();
  });

  it('the comparison of the label shows both browsers as columns', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(`${serving.origin}/compare?label=${encodeURIComponent(LABEL)}`, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { __reportReady?: boolean }).__reportReady === true, { timeout: 15_000 });
    const headers = await page.$$eval('.matrix thead th', (cells) => cells.map((c) => c.textContent ?? ''));
    for (const [name, visit] of Object.entries(visits)) {
      const shortId = visit.share!.slice('/r/'.length, '/r/'.length + 8);
      expect(
        headers.some((h) => h.includes(`${name} · ${shortId}`)),
        `${name} · ${shortId} in ${headers.join(' | ')}`,
      ).toBe(true);
    }
    await page.close();
  });
});

describe('what goes wrong for real visitors', () => {
  it('a visitor who refuses the camera/microphone prompt gets a verdict that says so, not an error', async () => {
    const refusing = await new RefusingChromium().launch({});
    try {
      const page = await refusing.browser.newPage();
      const visit = await visitAsPerson(page, `${serving.origin}/?label=${encodeURIComponent(`${LABEL} refused`)}`);
      wallTimes['chromium, prompt refused'] = visit.wallMs;
      expect(visit.phase).toBe('done');
      expect(visit.headline).toBe('Camera/microphone access was denied — allow it and run again');
      const devices = visit.downloaded.results.find((r) => r.probe === 'devices')!;
      expect((devices.raw as { permission: { error: string } }).permission.error).toMatch(/^NotAllowedError/);
      // The network part ran anyway and was stored.
      expect(visit.downloaded.results.find((r) => r.probe === 'turn-reachability')?.status).toMatch(/^(pass|warn)$/);
      expect(visit.share).toMatch(/^\/r\//);
    } finally {
      await refusing.close();
    }
  });

  it('the server killed mid-check: the page says so plainly and still offers the results as a download', async () => {
    const doomed = await serveOn(join(dir, 'doomed.db'));
    let leftovers: number[] = [];
    try {
      const page = await chromium.browser.newPage();
      // ?autostart=1: the support link that starts at once.
      const visit = await visitAsPerson(page, `${doomed.origin}/?autostart=1`, async () => {
        // Once the camera check is through, the probes of the network are under way: kill serve (and with it its coturn).
        await page.waitForFunction(() => document.querySelectorAll('.state.s-pass, .state.s-warn').length >= 2, { timeout: 30_000, polling: 50 });
        leftovers = await stopped(doomed, 'SIGKILL');
      });
      wallTimes['chromium, server killed'] = visit.wallMs;
      expect(leftovers).toEqual([]);
      expect(visit.phase).toBe('done');
      expect(visit.problem).toBe('The server stopped answering; your results are below as a download.');
      expect(visit.share).toBeNull();
      expect(validateResults(visit.downloaded), JSON.stringify(validateResults.errors)).toBe(true);
      expect(visit.downloaded.results).toHaveLength(VISIT_PROBE_IDS.length);
      await page.close();
    } finally {
      if (isServing(doomed)) await stopped(doomed, 'SIGTERM');
    }
  });
});

/**
 * Chromium as a visitor on the scenario's client network: started inside the client namespace
 * (its control pipe crosses namespaces, a port would not), treating the served origin as a secure
 * one, as a visitor's browser does with the https address an operator gives out.
 */
class ChromiumBehindNetwork extends ChromiumLauncher {
  protected override readonly flags: readonly BrowserSetting<string>[];
  constructor(origin: string) {
    super();
    this.flags = [
      ...CHROMIUM_FLAGS,
      {
        value: `--unsafely-treat-insecure-origin-as-secure=${origin}`,
        reason: 'the served page over plain http from another network, allowed the camera as over https',
      },
    ];
  }
}

/** An executable that starts Chromium inside `namespace`: `ip netns exec` execs it, so the pipe and the pid are Chromium's. */
function chromiumIn(namespace: readonly string[]): string {
  const path = join(dir, `chromium-in-${namespace.at(-1)}`);
  writeFileSync(path, `#!/bin/sh\nexec ${namespace.join(' ')} /usr/bin/chromium "$@"\n`);
  chmodSync(path, 0o700);
  return path;
}

describe.each([
  ['nat', /reachable: srflx 203\.0\.113\.2:\d+/],
  ['udp-blocked', /UDP to TURN is blocked: media will be relayed over TCP/],
])('a visitor behind the %s scenario, serve and its coturn on the public network', (name, expected) => {
  it('gets the verdict of that network, and the relayed call works', async () => {
    const teardown = new TeardownStack();
    try {
      const placement = await buildScenario(findScenario(name)!, teardown);
      const served = await serveOn(join(dir, `${name}.db`), ADDRESSES.server, placement.turn.prefix);
      teardown.push('serve', async () => {
        if (isServing(served)) expect(await stopped(served, 'SIGTERM')).toEqual([]);
      });
      const visitor = await new ChromiumBehindNetwork(served.origin).launch({ executablePath: chromiumIn(placement.clientPrefix!) });
      teardown.push('visitor', () => visitor.close());
      const page = await visitor.browser.newPage();
      const visit = await visitAsPerson(page, `${served.origin}/?label=${encodeURIComponent(name)}`);
      wallTimes[`chromium behind ${name}`] = visit.wallMs;
      expect(visit.phase).toBe('done');
      expect(visit.share).toMatch(/^\/r\//);
      expect(visit.headline).toMatch(/^Ready/);
      const findings = visit.downloaded.results.flatMap((r) => r.findings.map((f) => f.message));
      expect(findings.join('\n')).toMatch(expected);
      if (name === 'udp-blocked') expect(visit.advice.join('\n')).toMatch(/TCP/);
      const raw = (probe: string) => visit.downloaded.results.find((r) => r.probe === probe)?.raw as { relayed?: boolean };
      expect(visit.downloaded.results.find((r) => r.probe === 'getstats-bandwidth')?.status).toMatch(/^(pass|warn)$/);
      expect(raw('getstats-bandwidth').relayed).toBe(true);
      expect(visit.downloaded.results.find((r) => r.probe === 'connectivity')?.metrics['relayConnectMs']).toBeGreaterThan(0);
    } finally {
      expect(await teardown.unwind()).toEqual([]);
    }
  });
});
