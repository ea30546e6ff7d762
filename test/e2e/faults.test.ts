// What happens when things go wrong mid-run: a browser killed, Ctrl-C, a probe that hangs.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCHERS } from '../../harness/launchers/index.js';
import type { RunResults } from '../../harness/results.js';
import { runMatrix } from '../../harness/runner.js';
import { apiSurfaceProbe } from '../../probes/api-surface/probe.js';
import type { ProbeSpec } from '../../probes/types.js';
import { ReporterMultiplexer } from '../../reports/index.js';
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
    const outDir = mkdtempSync(join(tmpdir(), 'wh-e2e-kill-'));
    const cli = startCli(['run', '-b', 'chromium', '-b', 'firefox', '-p', 'api-surface', '-p', 'devices', '-p', 'gum-constraints', '-o', outDir]);
    await cli.waitForLine(/firefox\s+api-surface/);
    const browsers = childProcesses(cli.child.pid!);
    const firefox = browsers.find((p) => /firefox/.test(p.command));
    expect(firefox, JSON.stringify(browsers)).toBeDefined();
    process.kill(firefox!.pid, 'SIGKILL');
    const { code } = await cli.done;

    expect(code).toBe(1);
    const run = readRun(outDir);
    const byBrowser = (name: string) => run.results.filter((r) => r.browser.name === name);
    expect(byBrowser('chromium')).toHaveLength(3);
    expect(byBrowser('chromium').every((r) => r.status !== 'error')).toBe(true);
    const firefoxAfterKill = byBrowser('firefox').filter((r) => r.probe !== 'api-surface');
    expect(firefoxAfterKill).toHaveLength(2);
    for (const r of firefoxAfterKill) {
      expect(r.status).toBe('error');
      expect(r.reason).toMatch(/firefox exited/);
    }
    expect(existsSync(join(outDir, 'junit.xml'))).toBe(true);
    expect(await waitUntilDead(browsers.map((b) => b.pid))).toEqual([]);
  });

  it('SIGINT closes the browsers, writes the results so far and exits 130', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'wh-e2e-sigint-'));
    const cli = startCli(['run', '-b', 'chromium', '-b', 'firefox', '-p', 'api-surface', '-p', 'gum-constraints', '-o', outDir]);
    await cli.waitForLine(/chromium\s+api-surface/);
    const browsers = childProcesses(cli.child.pid!);
    // Both browsers are up before the first result line (they launch together): without them the
    // "all gone afterwards" check below would prove nothing.
    expect(browsers.map((b) => basename(b.command.split(' ')[0] ?? '')).sort(), JSON.stringify(browsers)).toEqual(['chromium', 'firefox-esr']);
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
