// No other local user can drive a browser the harness launched: as root the harness launches
// both browsers, then an unprivileged user (nobody) knocks on every TCP port their processes
// listen on with CDP (/json/version, the debugger WebSocket) and WebDriver BiDi (/session).
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import type { PuppeteerBrowser } from '../../harness/launchers/launcher.js';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import { startCli } from '../support/cli.js';
import { childProcesses, isAlive, processTree } from '../support/processes.js';
import { type StartedBrowser, startRemoteChromium } from '../support/remoteBrowser.js';

const execFileAsync = promisify(execFile);

/** Polls `condition` every 100 ms for up to 20 s (a generous bound for a busy 2-core machine). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}

interface Knock {
  port: number;
  cdpVersion: boolean;
  cdpSession: boolean;
  bidiSession: boolean;
}

/** `host:port` of every TCP socket listening in one of `pids`, as `ss` reports them. */
function listeningPorts(pids: readonly number[]): { host: string; port: number }[] {
  const wanted = new Set(pids);
  return execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => [...line.matchAll(/pid=(\d+)/g)].some((m) => wanted.has(Number(m[1]))))
    .map((line) => {
      const local = line.trim().split(/\s+/)[3] ?? '';
      const at = local.lastIndexOf(':');
      const host = local
        .slice(0, at)
        .replace(/^\[|\]$/g, '')
        .replace(/%.*$/, '');
      return { host: host === '*' || host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host, port: Number(local.slice(at + 1)) };
    });
}

describe('browsers launched by the harness, seen from another local user', () => {
  const launched: PuppeteerBrowser[] = [];
  let knockDir = '';
  let control: StartedBrowser | null = null;

  /** Runs the knock script as `user` against host:port. */
  async function knock(user: string, host: string, port: number): Promise<Knock> {
    const script = join(knockDir, 'remoteAgentKnock.mjs');
    const { stdout } = await execFileAsync('runuser', ['-u', user, '--', process.execPath, script, host, String(port)], { timeout: 20_000 });
    return JSON.parse(stdout) as Knock;
  }

  beforeAll(async () => {
    expect(process.getuid?.(), 'this test launches the browsers as root').toBe(0);
    // A folder nobody can read, holding a copy of the knock script.
    knockDir = mkdtempSync(join(tmpdir(), 'wh-knock-'));
    chmodSync(knockDir, 0o755);
    copyFileSync(join(PACKAGE_ROOT, 'test', 'support', 'remoteAgentKnock.mjs'), join(knockDir, 'remoteAgentKnock.mjs'));
    chmodSync(join(knockDir, 'remoteAgentKnock.mjs'), 0o644);
    launched.push(...(await Promise.all([LAUNCHERS['chromium']!.launch(), LAUNCHERS['firefox']!.launch()])));
  });

  afterAll(async () => {
    await Promise.all(launched.map((b) => b.close()));
    await control?.stop();
    if (knockDir) rmSync(knockDir, { recursive: true, force: true });
  });

  it('the knock script does detect an open CDP port (control: a Chromium started outside the harness)', async () => {
    control = await startRemoteChromium();
    const port = Number(new URL(control.endpoint).port);
    const seen = await knock('nobody', '127.0.0.1', port);
    expect(seen).toMatchObject({ cdpVersion: true, cdpSession: true });
  });

  it('no TCP port of either browser lets user nobody open a CDP or WebDriver BiDi session', async () => {
    const pids = launched.map((b) => b.browser.process()?.pid);
    expect(
      pids.every((pid) => typeof pid === 'number'),
      'both browsers were launched as local processes',
    ).toBe(true);
    const ports = listeningPorts(pids.flatMap((pid) => processTree(pid!)));
    const knocks = await Promise.all(ports.map((p) => knock('nobody', p.host, p.port)));
    expect(knocks.filter((k) => k.cdpVersion || k.cdpSession || k.bidiSession)).toEqual([]);
  });

  it("root, the harness's own user, still reaches Firefox's WebDriver BiDi port (so the refusals above are the firewall's)", async () => {
    const firefox = launched.find((b) => b.identity.name === 'firefox')!;
    const ports = listeningPorts(processTree(firefox.browser.process()!.pid!));
    const asRoot = await Promise.all(ports.map((p) => knock('root', p.host, p.port)));
    expect(asRoot.some((k) => k.bidiSession)).toBe(true);
  });

  it('a harness killed with SIGKILL takes its Firefox along, and the next launch removes the firewall rule it left', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'wh-e2e-killed-harness-'));
    const cli = startCli(['run', '-b', 'firefox', '-p', 'gum-constraints', '-o', outDir]);
    const ruleOfCli = () => execFileSync('iptables', ['-w', '5', '-S', 'OUTPUT'], { encoding: 'utf8' }).includes(`pid=${cli.child.pid} `);
    try {
      await cli.waitForLine(/firefox/);
      const firefoxOfCli = () => childProcesses(cli.child.pid!).find((p) => p.command.startsWith('/usr/bin/firefox-esr'));
      await until(() => ruleOfCli() && firefoxOfCli() !== undefined);
      const firefox = firefoxOfCli();
      expect(firefox, 'the CLI runs a Firefox of its own').toBeDefined();
      cli.child.kill('SIGKILL');
      await cli.done;
      await until(() => !isAlive(firefox!.pid));
      expect(isAlive(firefox!.pid)).toBe(false);
      expect(ruleOfCli()).toBe(true);

      const next = await LAUNCHERS['firefox']!.launch();
      await next.close();
      expect(ruleOfCli()).toBe(false);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('both browsers still run pages after the isolation (the harness drives them over its own channel)', async () => {
    for (const b of launched) {
      const context = await b.browser.createBrowserContext();
      const page = await context.newPage();
      expect(await page.evaluate(() => 6 * 7)).toBe(42);
      await context.close();
    }
  });
});
