// `run --remote NAME=ws://...`: browsers the harness connects to instead of launching. The
// "remote" browsers are started here, by the test, in processes of their own (as a Selenium
// Grid node or Browserless would run them) and killed by the test, never by the harness.
// Needs the compiled CLI: npx tsc -p tsconfig.json
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../core/results.js';
import { startCli } from '../support/cli.js';
import { type StartedBrowser, startRemoteChromium, startRemoteFirefox } from '../support/remoteBrowser.js';
import { validateResults } from '../support/resultsSchema.js';

const outDir = () => mkdtempSync(join(tmpdir(), 'wh-e2e-remote-'));
const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
const summary = (run: RunResults) => run.results.map((r) => `${r.probe} ${r.browser.name} ${r.status}${r.reason ? ` (${r.reason})` : ''}`);

/** An address of this machine other than loopback, standing in for the one a remote browser would reach. */
function machineAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('run --remote with a Chromium reached over CDP', () => {
  const pageAddress = machineAddress();
  let pagePort = 0;
  let chromium: StartedBrowser;
  let dir: string;
  let exit: { code: number | null; stdout: string; stderr: string };
  let run: RunResults;

  beforeAll(async () => {
    pagePort = await freePort();
    // For the --page-host case: pages from http://ADDRESS:PORT count as secure only because the
    // remote side says so, as the README tells users of a truly remote browser to do.
    chromium = await startRemoteChromium(pageAddress ? [`--unsafely-treat-insecure-origin-as-secure=http://${pageAddress}:${pagePort}`] : []);
    dir = outDir();
    exit = await startCli(['run', '--remote', `chromium-remote=${chromium.endpoint}`, '-p', 'api-surface', '-p', 'devices', '-o', dir]).done;
    run = readRun(dir);
  }, 90_000);

  afterAll(async () => {
    await chromium?.stop();
  });

  it('records the results under the name given, with the version the remote browser reports', async () => {
    expect(validateResults(run), JSON.stringify(validateResults.errors)).toBe(true);
    const { Browser } = (await (await fetch(`http://${new URL(chromium.endpoint).host}/json/version`)).json()) as { Browser: string };
    const version = Browser.replace(/^(?:Headless)?Chrome\//, ''); // Chrome/156.0.8078.108
    expect(run.environment.browsers).toEqual([{ name: 'chromium-remote', version, userAgent: expect.stringContaining('Chrome/') }]);
    expect(summary(run)).toEqual(['api-surface chromium-remote pass', 'devices chromium-remote pass']);
    for (const r of run.results) expect(r.browser.version).toBe(version);
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain(`chromium-remote ${version} ready`);
  });

  it('disconnects at the end and leaves the browser running: it did not start it', () => {
    expect(chromium.isRunning()).toBe(true);
    expect(execFileSync('ps', ['-o', 'pid=', '-p', String(chromium.pid)], { encoding: 'utf8' }).trim()).toBe(String(chromium.pid));
  });

  it('keeps an endpoint token (as Browserless and cloud grids take one) out of every output', async () => {
    const token = `tok-${randomBytes(12).toString('hex')}`;
    const endpoint = new URL(chromium.endpoint);
    endpoint.searchParams.set('token', token);
    const tokenDir = outDir();
    const { code, stdout, stderr } = await startCli(['run', '--remote', `chromium-remote=${endpoint.href}`, '-p', 'api-surface', '-o', tokenDir]).done;
    // Chromium ignores the query, so the run connects and passes: the outputs below are a real run's.
    expect(code, stderr).toBe(0);
    expect(readRun(tokenDir).results.map((r) => r.status)).toEqual(['pass']);
    const outputs = {
      stdout,
      stderr,
      ...Object.fromEntries(['results.json', 'junit.xml', 'index.html'].map((f) => [f, readFileSync(join(tokenDir, f), 'utf8')])),
    };
    for (const [name, text] of Object.entries(outputs)) expect(text.includes(token), name).toBe(false);
    expect(readRun(tokenDir).command).toContain('token=***');
  });

  it('serves probe pages on the --page-host address, which the remote loads them from', async (context) => {
    if (!pageAddress) context.skip(); // no address but loopback on this machine
    const hosted = outDir();
    const result = await startCli([
      'run',
      '--remote',
      `chromium-remote=${chromium.endpoint}`,
      '--page-host',
      `${pageAddress}:${pagePort}`,
      '-p',
      'api-surface',
      '-p',
      'devices',
      '-o',
      hosted,
    ]).done;
    const hostedRun = readRun(hosted);
    expect(summary(hostedRun), result.stderr).toEqual(['api-surface chromium-remote pass', 'devices chromium-remote pass']);
    // navigator.mediaDevices exists only in a secure context: the origin counted as one.
    expect(hostedRun.results[1]!.raw).toMatchObject({ enumerateDevicesAvailable: true });
    expect(hostedRun.results[1]!.metrics['videoInputs']).toBeGreaterThan(0);
  });
});

describe('run --remote with a Firefox reached over WebDriver BiDi', () => {
  const pageAddress = machineAddress();
  let firefox: StartedBrowser;
  let run: RunResults;
  let exit: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    // For the --page-host case: Firefox's way to count http://ADDRESS as a secure origin.
    firefox = await startRemoteFirefox(pageAddress ? { 'dom.securecontext.allowlist': pageAddress } : {});
    const dir = outDir();
    // Firefox prints its endpoint without a path; /session is inferred as BiDi (the bare one needs --remote-protocol bidi).
    exit = await startCli(['run', '--remote', `firefox-remote=${firefox.endpoint}/session`, '-p', 'api-surface', '-p', 'devices', '-o', dir]).done;
    run = readRun(dir);
  }, 90_000);

  afterAll(async () => {
    await firefox?.stop();
  });

  it('records the results under the name given, with the version Firefox reports, and leaves Firefox running', () => {
    const reported = execFileSync('/usr/bin/firefox-esr', ['--version'], { encoding: 'utf8' }).trim(); // Mozilla Firefox 153.7.0esr
    const version = /(\d+(?:\.\d+)+)/.exec(reported)![1]!;
    expect(summary(run)).toEqual(['api-surface firefox-remote pass', 'devices firefox-remote pass']);
    expect(run.environment.browsers).toEqual([
      {
        name: 'firefox-remote',
        version: expect.stringMatching(new RegExp(`^${version.replace(/\./g, '\\.')}`)),
        userAgent: expect.stringContaining('Firefox/'),
      },
    ]);
    expect(exit.code).toBe(0);
    expect(firefox.isRunning()).toBe(true);
  });

  it('connects again after the first run ended its BiDi session (Firefox allows one at a time)', async () => {
    const dir = outDir();
    const again = await startCli(['run', '--remote', `firefox-remote=${firefox.endpoint}`, '--remote-protocol', 'bidi', '-p', 'api-surface', '-o', dir]).done;
    expect(summary(readRun(dir)), again.stderr).toEqual(['api-surface firefox-remote pass']);
  });

  it('serves probe pages on the --page-host address to Firefox too', async (context) => {
    if (!pageAddress) context.skip();
    const hosted = outDir();
    const result = await startCli([
      'run',
      '--remote',
      `firefox-remote=${firefox.endpoint}/session`,
      '--page-host',
      pageAddress!,
      '-p',
      'api-surface',
      '-p',
      'devices',
      '-o',
      hosted,
    ]).done;
    // api-surface fails on an insecure origin ("page is not a secure context"): passing proves the page came from ADDRESS, allowlisted.
    expect(summary(readRun(hosted)), result.stderr).toEqual(['api-surface firefox-remote pass', 'devices firefox-remote pass']);
  });
});
