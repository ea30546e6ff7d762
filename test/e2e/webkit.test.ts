// The webkit column: Debian's WebKitGTK MiniBrowser driven over classic WebDriver, beside
// Chromium and Firefox in one run. Its build has no RTCPeerConnection, so probes whose page
// needs it are skips whose reason is what the page found missing in this run; the probes that
// can run (api-surface, devices, gum-constraints) run and are judged like any other column.
// Also: nobody else reaches WebKitWebDriver's port or the private display, and both die with
// a SIGKILLed harness. Needs the compiled CLI: npx tsc -p tsconfig.json
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult, RunResults } from '../../core/results.js';
import type { LaunchedBrowser } from '../../harness/launchers/launcher.js';
import { WebKitGtkLauncher } from '../../harness/launchers/webkitgtk.js';
import { startCli } from '../support/cli.js';
import { childProcesses, isAlive } from '../support/processes.js';
import { validateResults } from '../support/resultsSchema.js';

const execFileAsync = promisify(execFile);
const outDir = () => mkdtempSync(join(tmpdir(), 'wh-e2e-webkit-'));
const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
const find = (run: RunResults, probe: string, browser: string) => run.results.find((r) => r.probe === probe && r.browser.name === browser)!;

/** WebKitGTK's version as Debian installed it (2.50.6-1~deb12u1 -> 2.50.6): independent of what the harness reads from the session. */
function installedWebKitGtk(): string {
  // `dpkg-query -W PACKAGE` prints `PACKAGE<TAB>VERSION`.
  const version = execFileSync('dpkg-query', ['-W', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).split('\t')[1] ?? '';
  return /^(\d+\.\d+\.\d+)/.exec(version)![1]!;
}

/** Polls `condition` every 100 ms for up to `limitMs` (default 20 s: generous, the machine's 2 cores are shared). */
async function until(condition: () => boolean, limitMs = 20_000): Promise<void> {
  for (let i = 0; i < limitMs / 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('run -b chromium -b firefox -b webkit', () => {
  let run: RunResults;
  let exit: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    const dir = outDir();
    exit = await startCli([
      'run',
      // Three engines' pages at once on 2 shared cores: alone, a webkit page cycle takes under a
      // second (test/bench/webdriver-overhead.ts), but api-surface's own 10 s limit is for one
      // machine's browsers, not this crowd. A generous limit keeps the test about behaviour.
      '--timeout',
      '60s',
      '-b',
      'chromium',
      '-b',
      'firefox',
      '-b',
      'webkit',
      '-p',
      'api-surface',
      '-p',
      'devices',
      '-p',
      'gum-constraints',
      '-p',
      'ice-candidates',
      '-o',
      dir,
    ]).done;
    run = readRun(dir);
  }, 180_000);

  it('has a webkit column: every probe ran there, named and versioned as the engine reports itself', () => {
    expect(validateResults(run), JSON.stringify(validateResults.errors)).toBe(true);
    const webkit = run.environment.browsers.find((b) => b.name === 'webkit')!;
    expect(webkit.version).toBe(installedWebKitGtk());
    // WebKit's Safari-compatible user agent, as the page reported it.
    expect(webkit.userAgent).toMatch(/AppleWebKit\/[\d.]+ .*Safari\/[\d.]+$/);
    expect(run.results.filter((r) => r.browser.name === 'webkit').map((r) => r.probe)).toEqual(['api-surface', 'devices', 'gum-constraints', 'ice-candidates']);
    expect(run.results.filter((r) => r.status === 'error').map((r) => `${r.probe}/${r.browser.name}: ${r.reason}`)).toEqual([]);
    expect(exit.stdout).toContain(`webkit ${webkit.version} ready`);
  });

  it("skips ice-candidates in webkit with the reason the page measured, which is api-surface's own finding in the same run", () => {
    const skip = find(run, 'ice-candidates', 'webkit');
    expect(skip.status).toBe('skip');
    expect(skip.reason).toMatch(/^RTCPeerConnection is not defined in this browser \(looked up when the page booted; user agent Mozilla\/5\.0 .*AppleWebKit/);
    expect(skip.raw).toEqual({
      missingApis: ['RTCPeerConnection'],
      isSecureContext: true,
      userAgent: find(run, 'api-surface', 'webkit').raw!['userAgent' as never],
    });
    const surface = find(run, 'api-surface', 'webkit');
    expect(surface.findings.map((f) => f.message)).toContain('RTCPeerConnection is missing');
    // The same probe runs where the API exists: the skip is measured, not a list of browsers.
    expect(['pass', 'warn']).toContain(find(run, 'ice-candidates', 'chromium').status);
    expect(['pass', 'warn']).toContain(find(run, 'ice-candidates', 'firefox').status);
  });

  it('runs the capture probes in webkit against its mock devices', () => {
    const devices: ProbeResult = find(run, 'devices', 'webkit');
    expect(devices.status).toBe('pass');
    expect(devices.metrics['videoInputs']).toBeGreaterThan(0);
    const gum = find(run, 'gum-constraints', 'webkit');
    expect(['pass', 'warn', 'fail']).toContain(gum.status);
    expect(gum.findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/^\d+\/\d+ cases granted/));
  });
});

describe('run -b webkit with a pair probe', () => {
  it('makes sdp-negotiation a skip naming the API, not an error: the pair never starts its exchange', async () => {
    const dir = outDir();
    const { code, stderr } = await startCli(['run', '-b', 'webkit', '-p', 'sdp-negotiation', '-o', dir]).done;
    const [result] = readRun(dir).results;
    expect(result?.status, stderr).toBe('skip');
    expect(result?.reason).toMatch(/^RTCPeerConnection is not defined in this browser/);
    expect(code).toBe(0);
  }, 60_000);
});

describe('a WebKitGTK the harness launched, seen from another local user', () => {
  let launched: LaunchedBrowser | null = null;
  let driver: { pid: number; port: number; display: string };
  const xvfbPid = () => childProcesses(process.pid).find((p) => p.command.startsWith('/usr/bin/Xvfb'))?.pid;

  beforeAll(async () => {
    expect(process.getuid?.(), 'this test launches WebKitGTK as root').toBe(0);
    launched = await new WebKitGtkLauncher().launch();
    const child = childProcesses(process.pid).find((p) => p.command.startsWith('/usr/bin/WebKitWebDriver'))!;
    const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
    driver = {
      pid: child.pid,
      port: Number(/--port=(\d+)/.exec(child.command)![1]),
      display: environ.find((e) => e.startsWith('DISPLAY='))!.slice('DISPLAY='.length),
    };
  }, 60_000);

  afterAll(async () => {
    await launched?.close();
  });

  it('listens on loopback only, and user nobody cannot reach its port while root can', async () => {
    const listening = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(`pid=${driver.pid},`));
    expect(listening.map((l) => l.trim().split(/\s+/)[3])).toEqual([`127.0.0.1:${driver.port}`]);
    const probe = `fetch('http://127.0.0.1:${driver.port}/status').then(r => console.log('answered ' + r.status), e => console.log('refused ' + (e.cause?.code ?? e)))`;
    const asNobody = await execFileAsync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', probe], { timeout: 20_000 });
    const asRoot = await execFileAsync(process.execPath, ['-e', probe], { timeout: 20_000 });
    // The guard's tcp-reset answers the SYN: the connection is refused.
    expect(asNobody.stdout.trim()).toMatch(/^refused ECONN(REFUSED|RESET)$/);
    expect(asRoot.stdout.trim()).toBe('answered 200');
  });

  it('draws on a display no other client may open without its cookie', async () => {
    const asNobody = await execFileAsync('runuser', ['-u', 'nobody', '--', 'xdpyinfo', '-display', driver.display], { timeout: 20_000 }).catch(
      (error: { stderr: string }) => error,
    );
    expect(asNobody.stderr).toMatch(/unable to open display|Authorization required/);
    const withoutCookie = await execFileAsync('xdpyinfo', ['-display', driver.display], {
      timeout: 20_000,
      env: { ...process.env, XAUTHORITY: '/dev/null' },
    }).catch((error: { stderr: string }) => error);
    expect(withoutCookie.stderr).toMatch(/unable to open display|Authorization required/);
  });

  it('stops the driver and Xvfb when closed', async () => {
    const xvfb = xvfbPid();
    expect(xvfb).toBeDefined();
    await launched!.close();
    launched = null;
    await until(() => !isAlive(driver.pid) && !isAlive(xvfb!));
    expect([isAlive(driver.pid), isAlive(xvfb!)]).toEqual([false, false]);
  });
});

describe('a SIGKILLed harness running webkit', () => {
  it('leaves neither WebKitWebDriver, nor MiniBrowser, nor Xvfb behind', async () => {
    const cli = startCli(['run', '-b', 'webkit', '-p', 'gum-constraints', '-o', outDir()]);
    await cli.waitForLine(/^webkit .* ready/);
    const children = childProcesses(cli.child.pid!);
    const ours = children.filter((p) => /^\/usr\/bin\/(Xvfb|WebKitWebDriver)/.test(p.command));
    expect(ours).toHaveLength(2);
    const minibrowsers = ours.flatMap((p) => childProcesses(p.pid)).filter((p) => p.command.includes('MiniBrowser'));
    expect(minibrowsers.length).toBeGreaterThan(0);
    cli.child.kill('SIGKILL');
    await cli.done;
    const pids = [...ours, ...minibrowsers].map((p) => p.pid);
    // The parent-death signal ends them at once; 5 s is for a loaded machine. Without it they
    // would still die, but only later, of SIGPIPE once they log to the dead harness's pipes.
    await until(() => pids.every((pid) => !isAlive(pid)), 5_000);
    expect(pids.filter(isAlive)).toEqual([]);
  }, 60_000);
});
