// The harness against a real Selenium Grid 4 (test/support/seleniumGrid.ts: the npm jar, Java 17,
// Debian's chromedriver and Chromium, standalone on loopback). Probes run through classic
// WebDriver and through the CDP endpoint the Grid relays for a session (se:cdp), as two shards
// at once against the one Grid, merged with `report merge`; a session's se/cdp WebSocket given
// directly (what the README tells Grid users) works too; and a Grid killed mid-run gives
// `error` results that say so, in a report that still gets written.
// Needs the compiled CLI: npx tsc -p tsconfig.json
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../core/results.js';
import { startCli } from '../support/cli.js';
import { isAlive, processTree } from '../support/processes.js';
import { validateResults } from '../support/resultsSchema.js';
import { type StartedGrid, startGrid } from '../support/seleniumGrid.js';

const tempDir = (what: string) => mkdtempSync(join(tmpdir(), `wh-e2e-grid-${what}-`));
const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
const rows = (run: RunResults) => run.results.map((r) => `${r.probe} ${r.browser.name} ${r.status}${r.reason ? ` (${r.reason})` : ''}`);
const PASSWORD = 'gr1d-s3cret-k3y';

/** Chromium's version as Debian installed it: what both ways of driving it must report. */
const chromiumVersion = () => /(\d+(?:\.\d+){3})/.exec(execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }))![1]!;

describe('run against a Selenium Grid 4', () => {
  let grid: StartedGrid;
  let endpoint: URL;

  beforeAll(async () => {
    // Four slots: two shards, each with a WebDriver session and a CDP one, at the same time.
    grid = await startGrid(4);
    endpoint = new URL(grid.url);
    // A cloud grid's access key goes in the URL: the Grid here ignores it, the outputs must not show it.
    endpoint.username = 'harness';
    endpoint.password = PASSWORD;
  }, 90_000);

  afterAll(async () => {
    await grid?.kill();
  });

  describe('two shards at once, through classic WebDriver and the Grid-relayed CDP, merged', () => {
    const dirs = { shard1: '', shard2: '', merged: '' };
    let shards: RunResults[];
    let merged: RunResults;
    let outputs: string[];

    beforeAll(async () => {
      for (const key of Object.keys(dirs) as (keyof typeof dirs)[]) dirs[key] = tempDir(key);
      const matrix = ['--remote', `grid-wd=${endpoint.href}`, '--remote', `grid-cdp=${endpoint.href}`, '--remote-protocol', 'grid-cdp=cdp'];
      const probes = ['-p', 'api-surface', '-p', 'devices', '-p', 'ice-candidates'];
      // Four Chromiums and a JVM on 2 shared cores: the probes' own limits (10 s for api-surface)
      // are meant for one machine's browsers, so this run gets a generous one.
      const limit = ['--timeout', '60s'];
      const runs = await Promise.all(
        [1, 2].map((i) => startCli(['run', ...matrix, ...probes, ...limit, '--shard', `${i}/2`, '-o', i === 1 ? dirs.shard1 : dirs.shard2]).done),
      );
      const merge = await startCli(['report', 'merge', dirs.shard1, dirs.shard2, '--out', dirs.merged]).done;
      expect(merge.code, merge.stderr).toBe(0);
      shards = [readRun(dirs.shard1), readRun(dirs.shard2)];
      merged = readRun(dirs.merged);
      outputs = [
        ...runs.flatMap((r) => [r.stdout, r.stderr]),
        merge.stdout,
        ...[dirs.shard1, dirs.shard2, dirs.merged].flatMap((dir) => ['results.json', 'junit.xml', 'index.html'].map((f) => readFileSync(join(dir, f), 'utf8'))),
      ];
    }, 150_000);

    it('runs every probe in both, and the merge holds each cell once, all passing', () => {
      expect(validateResults(merged), JSON.stringify(validateResults.errors)).toBe(true);
      for (const shard of shards) expect(shard.results.length).toBeGreaterThan(0);
      expect(rows(merged).sort()).toEqual([
        'api-surface grid-cdp pass',
        'api-surface grid-wd pass',
        'devices grid-cdp pass',
        'devices grid-wd pass',
        'ice-candidates grid-cdp pass',
        'ice-candidates grid-wd pass',
      ]);
    });

    it('reports the Chromium the Grid started, as it reports itself, on both paths', () => {
      const version = chromiumVersion();
      expect(merged.environment.browsers.map((b) => `${b.name} ${b.version}`).sort()).toEqual([`grid-cdp ${version}`, `grid-wd ${version}`]);
      for (const b of merged.environment.browsers) expect(b.userAgent).toContain('HeadlessChrome/');
    });

    it("gave the Grid's Chromium the launchers' fake-media flags: its devices are Chromium's fake ones", () => {
      for (const r of merged.results.filter((r) => r.probe === 'devices')) {
        expect(r.metrics['videoInputs'], r.browser.name).toBeGreaterThan(0);
        expect(JSON.stringify(r.raw)).toMatch(/fake_device_0|Fake Default Audio Input|Fake Audio Input/i);
      }
    });

    it("keeps the endpoint's password out of every output", () => {
      for (const text of outputs) expect(text.includes(PASSWORD)).toBe(false);
      expect(shards[0]!.command).toContain('harness:***@127.0.0.1');
    });

    it('ends its sessions: the Grid has every slot free again', async () => {
      const status = (await (await fetch(`${grid.url}/status`)).json()) as { value: { nodes: { slots: { session: unknown }[] }[] } };
      expect(status.value.nodes.flatMap((n) => n.slots).filter((s) => s.session !== null)).toEqual([]);
    });
  });

  it("drives a session's se/cdp WebSocket given as --remote, as the README tells Grid users", async () => {
    const created = (await (
      await fetch(`${grid.url}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ capabilities: { alwaysMatch: { browserName: 'chrome', 'goog:chromeOptions': { args: ['--headless=new', '--no-sandbox'] } } } }),
      })
    ).json()) as { value: { sessionId: string; capabilities: Record<string, string> } };
    const session = created.value;
    try {
      const dir = tempDir('se-cdp');
      const { stderr } = await startCli(['run', '--remote', `grid-session=${session.capabilities['se:cdp']}`, '-p', 'api-surface', '-o', dir]).done;
      expect(rows(readRun(dir)), stderr).toEqual(['api-surface grid-session pass']);
    } finally {
      await fetch(`${grid.url}/session/${session.sessionId}`, { method: 'DELETE' });
    }
  }, 60_000);

  // Last: it kills the Grid.
  it('turns a Grid killed mid-run into error results that say so, and still writes the report', async () => {
    const dir = tempDir('killed');
    const cli = startCli([
      'run',
      '--remote',
      `grid-wd=${grid.url}`,
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
    ]);
    await cli.waitForLine(/^grid-wd .* ready/);
    const gridProcesses = processTree(grid.pid);
    await grid.kill();
    const exit = await cli.done;
    expect(exit.code, exit.stderr).toBe(1);
    const run = readRun(dir);
    expect(validateResults(run), JSON.stringify(validateResults.errors)).toBe(true);
    expect(run.results).toHaveLength(4);
    expect(run.results.map((r) => r.status)).toEqual(['error', 'error', 'error', 'error']);
    const lost = new RegExp(`^grid-wd: the WebDriver endpoint http://127\\.0\\.0\\.1:${endpoint.port} stopped answering \\(\\w+\\)$`);
    const reasons = run.results.map((r) => r.reason ?? '');
    expect(
      reasons.some((r) => lost.test(r)),
      reasons.join('\n'),
    ).toBe(true);
    for (const reason of reasons) expect(reason).toMatch(new RegExp(`${lost.source}|^not run: grid-wd exited earlier, during [a-z-]+$`));
    expect(existsSync(join(dir, 'index.html'))).toBe(true);
    expect(exit.stdout).toContain('4 error');
    // The Grid's chromedriver and Chromium went with it (the test's own cleanup, not the harness's).
    expect(gridProcesses.filter(isAlive)).toEqual([]);
  }, 90_000);
});
