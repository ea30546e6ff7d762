// What happens when things go wrong mid-run: a browser killed, Ctrl-C, a probe that hangs.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import { type RunResults, exitCodeFor } from '../../core/results.js';
import { runMatrix } from '../../harness/runner.js';
import { apiSurfaceProbe } from '../../probes/api-surface/probe.js';
import { devicesProbe } from '../../probes/devices/probe.js';
import { gumConstraintsProbe } from '../../probes/gum-constraints/probe.js';
import type { ProbeSpec } from '../../probes/types.js';
import { REPORTERS, ReporterMultiplexer } from '../../reports/index.js';
import type { Reporter } from '../../reports/reporter.js';
import { startCli } from '../support/cli.js';
import { childProcesses, isAlive } from '../support/processes.js';

const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;

async function waitUntilDead(pids: number[], ms = 10_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && pids.some(isAlive)) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(isAlive);
}

describe('faults during a run', () => {
  it('a browser killed mid-run: the other browser completes, the killed one errors, files are written, exit 1', async () => {
    // The kill happens inside the runner's own "probe begins" hook (awaited before the probe
    // starts), so Firefox is gone before devices can open its page, however fast the machine
    // is: killing on a printed result line instead let Firefox finish devices first now and then.
    const outDir = mkdtempSync(join(tmpdir(), 'wh-e2e-kill-'));
    const killed: number[] = [];
    let survivors: number[] | null = null;
    // A reporter's failures are collected, not thrown: the hook only records, the test asserts.
    const killFirefox: Reporter = {
      name: 'kill-firefox',
      onProbeBegin: async ({ probe, browser }) => {
        if (browser !== 'firefox' || probe !== devicesProbe.id) return;
        // Firefox answered api-surface, so the launch script has exec'd into firefox-esr.
        for (const firefox of childProcesses(process.pid).filter((p) => basename(p.command.split(' ')[0] ?? '') === 'firefox-esr')) {
          process.kill(firefox.pid, 'SIGKILL');
          killed.push(firefox.pid);
        }
        survivors = await waitUntilDead(killed);
      },
    };
    const run = await runMatrix({
      command: 'test',
      browsers: ['chromium', 'firefox'].map((name) => ({ launcher: LAUNCHERS[name]!, request: {} })),
      probes: [apiSurfaceProbe, devicesProbe, gumConstraintsProbe],
      adapterModes: ['off'],
      outDir,
      reporter: new ReporterMultiplexer([killFirefox, REPORTERS.json(), REPORTERS.junit()]),
    });

    expect(killed).toHaveLength(1);
    expect(survivors).toEqual([]);
    expect(exitCodeFor(run.results)).toBe(1);
    const written = readRun(outDir);
    const byBrowser = (name: string) => written.results.filter((r) => r.browser.name === name);
    expect(byBrowser('chromium')).toHaveLength(3);
    expect(byBrowser('chromium').every((r) => r.status !== 'error')).toBe(true);
    expect(byBrowser('firefox').map((r) => `${r.probe} ${r.status}`)).toEqual(['api-surface pass', 'devices error', 'gum-constraints error']);
    const [, during, after] = byBrowser('firefox');
    expect(during!.reason).toBe('firefox exited during the probe (crashed or was killed)');
    expect(after!.reason).toBe('not run: firefox exited earlier, during devices');
    expect(existsSync(join(outDir, 'junit.xml'))).toBe(true);
    expect(
      await waitUntilDead(
        childProcesses(process.pid)
          .filter((p) => /chromium|firefox/.test(p.command))
          .map((p) => p.pid),
      ),
    ).toEqual([]);
  });

  it('SIGINT closes the browsers, writes the results so far and exits 130', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'wh-e2e-sigint-'));
    const cli = startCli(['run', '-b', 'chromium', '-b', 'firefox', '-p', 'api-surface', '-p', 'gum-constraints', '-o', outDir]);
    // Each browser prints "ready" once the harness is connected to it: by then Firefox's launch
    // script has exec'd into firefox-esr (before, its command line is sh's or setpriv's).
    // Without both the "all gone afterwards" check below would prove nothing. The first result
    // line: there are results so far to write.
    await Promise.all([cli.waitForLine(/^chromium \S+ ready$/), cli.waitForLine(/^firefox \S+ ready$/), cli.waitForLine(/^(?:PASS|WARN|FAIL)\s/)]);
    // The browsers, and Firefox's private sound server where pulseaudio is installed: all must go.
    const browsers = childProcesses(cli.child.pid!);
    const names = browsers.map((b) => basename(b.command.split(' ')[0] ?? ''));
    expect(names, JSON.stringify(browsers)).toEqual(expect.arrayContaining(['chromium', 'firefox-esr']));
    expect(
      names.filter((name) => name !== 'chromium' && name !== 'firefox-esr' && name !== 'pulseaudio'),
      JSON.stringify(browsers),
    ).toEqual([]);
    cli.child.kill('SIGINT');
    const { code } = await cli.done;

    expect(code).toBe(130);
    const run = readRun(outDir);
    expect(run.interrupted).toBe(true);
    expect(run.results.length).toBeGreaterThanOrEqual(1);
    expect(run.results.length).toBeLessThan(4);
    expect(await waitUntilDead(browsers.map((b) => b.pid))).toEqual([]);
  });

  it('a probe that never answers is stopped at its time limit and the next probe still runs', async () => {
    const neverSettles: ProbeSpec = {
      id: 'never-settles',
      title: 'never settles',
      summary: 'a page whose run() never resolves',
      pageModule: 'test/e2e/probes/never-settles/page.js',
      defaultParams: {},
      timeoutMs: 1_500,
      metrics: {},
      evaluate: () => ({ findings: [], metrics: {} }),
    };
    const run = await runMatrix({
      command: 'test',
      browsers: [{ launcher: LAUNCHERS['chromium']!, request: {} }],
      probes: [neverSettles, apiSurfaceProbe],
      adapterModes: ['off'],
      outDir: mkdtempSync(join(tmpdir(), 'wh-e2e-hang-')),
      reporter: new ReporterMultiplexer([]),
    });
    const [hung, next] = run.results;
    expect(hung?.status).toBe('error');
    expect(hung?.reason).toBe('never-settles timed out after 1.5 s');
    expect(hung?.durationMs).toBeGreaterThanOrEqual(1_500);
    expect(hung?.durationMs).toBeLessThan(8_000);
    expect(next?.status).toBe('pass');
  });
});
