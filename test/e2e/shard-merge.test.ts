// `--shard I/N` and `report merge`, through the CLI with both real browsers. Acceptance (issue
// 6): two shards merged equal one unsharded run: the same results with the same statuses.
// Needs the compiled CLI: npx tsc -p tsconfig.json
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../core/results.js';
import { startCli } from '../support/cli.js';
import { validateResults } from '../support/resultsSchema.js';

const MATRIX_ARGS = ['-b', 'chromium', '-b', 'firefox', '-p', 'api-surface', '-p', 'devices'];
const tempDir = (what: string) => mkdtempSync(join(tmpdir(), `wh-e2e-${what}-`));
const readRun = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
/** What the acceptance compares: probe, browser, adapter mode and status of every result, in order. */
const rows = (run: RunResults) => run.results.map((r) => `${r.probe} ${r.browser.name} adapter-${r.adapter} ${r.status}`);

describe('run --shard 1/2 and 2/2, merged with report merge', () => {
  const dirs = { whole: '', shard1: '', shard2: '', merged: '' };
  const exits: Record<string, number | null> = {};
  let whole: RunResults;
  let shards: RunResults[];
  let merged: RunResults;
  let mergeOutput: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    for (const key of Object.keys(dirs) as (keyof typeof dirs)[]) dirs[key] = tempDir(key);
    // One after the other: 2 shared cores, and each shard stands for a machine of its own.
    exits['whole'] = (await startCli(['run', ...MATRIX_ARGS, '-o', dirs.whole]).done).code;
    exits['shard1'] = (await startCli(['run', ...MATRIX_ARGS, '--shard', '1/2', '-o', dirs.shard1]).done).code;
    exits['shard2'] = (await startCli(['run', ...MATRIX_ARGS, '--shard=2/2', '-o', dirs.shard2]).done).code;
    // Folders in the "wrong" order: the merge orders by shard, not by argument.
    mergeOutput = await startCli(['report', 'merge', dirs.shard2, join(dirs.shard1, 'results.json'), '--out', dirs.merged]).done;
    whole = readRun(dirs.whole);
    shards = [readRun(dirs.shard1), readRun(dirs.shard2)];
    merged = readRun(dirs.merged);
  }, 150_000);

  it('splits the matrix: each shard runs part of it, together every cell exactly once', () => {
    expect(shards.map((s) => s.shard)).toEqual([
      { index: 1, count: 2 },
      { index: 2, count: 2 },
    ]);
    for (const shard of shards) expect(shard.results.length).toBeGreaterThan(0);
    const cells = (run: RunResults) => run.results.map((r) => `${r.probe} ${r.browser.name} ${r.adapter}`);
    expect([...cells(shards[0]!), ...cells(shards[1]!)].sort()).toEqual(cells(whole).sort());
    expect(new Set([...cells(shards[0]!), ...cells(shards[1]!)]).size).toBe(whole.results.length);
  });

  it('starts in each shard only the browsers its part needs', () => {
    for (const shard of shards) {
      const used = new Set(shard.results.map((r) => r.browser.name));
      expect(shard.environment.browsers.map((b) => b.name).sort()).toEqual([...used].sort());
    }
  });

  it('merges into the unsharded run: the same probes, browsers, adapter modes and statuses, in the same order', () => {
    expect(rows(merged)).toEqual(rows(whole));
    expect(merged.results).toHaveLength(4);
    const count = (run: RunResults) => {
      const counts: Record<string, number> = {};
      for (const r of run.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
      return counts;
    };
    expect(count(merged)).toEqual(count(whole));
    expect(merged.environment.browsers.map((b) => `${b.name} ${b.version}`)).toEqual(whole.environment.browsers.map((b) => `${b.name} ${b.version}`));
    expect(merged.matrix).toEqual(whole.matrix);
    expect(merged.shard).toBeUndefined();
    expect(merged.interrupted).toBe(false);
    expect(merged.startedAt).toBe(shards[0]!.startedAt);
    expect(merged.finishedAt).toBe(shards[1]!.finishedAt);
    expect(merged.command).toBe(`run ${MATRIX_ARGS.join(' ')} -o ${dirs.shard1}`);
  });

  it('writes the merged results.json (schema-valid), junit.xml and index.html with the run reporters', () => {
    expect(mergeOutput.code, mergeOutput.stderr).toBe(0);
    expect(mergeOutput.stdout).toContain(`Merged 4 results from 2 inputs into ${dirs.merged}`);
    expect(validateResults(merged), JSON.stringify(validateResults.errors)).toBe(true);
    const junit = readFileSync(join(dirs.merged, 'junit.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(2);
    expect(junit.match(/<testcase /g)).toHaveLength(4);
    expect(existsSync(join(dirs.merged, 'index.html'))).toBe(true);
  });

  it('exits from each shard with the code its own results call for', () => {
    for (const [key, run] of [
      ['shard1', shards[0]!],
      ['shard2', shards[1]!],
    ] as const) {
      expect(exits[key]).toBe(run.results.some((r) => r.status === 'fail' || r.status === 'error') ? 1 : 0);
    }
  });

  it('refuses a shard given twice and a merge without --out (exit 2)', async () => {
    const twice = await startCli(['report', 'merge', dirs.shard1, dirs.shard1, '--out', tempDir('twice')]).done;
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('are both shard 1/2');
    const noOut = await startCli(['report', 'merge', dirs.shard1]).done;
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('report merge needs --out DIR');
  });

  it('warns when a shard is missing and merges what there is', async () => {
    const partial = await startCli(['report', 'merge', dirs.shard2, '--out', tempDir('partial')]).done;
    expect(partial.code).toBe(0);
    expect(partial.stderr).toContain('warning: shard 1/2 missing');
  });
});

describe('--shard usage errors', () => {
  it.each(['0/2', '3/2', 'x/y'])('--shard %s: exit 2 before any browser starts', async (value) => {
    const { code, stderr } = await startCli(['run', '--shard', value, '-p', 'api-surface']).done;
    expect(code).toBe(2);
    expect(stderr).toContain(`--shard expects I/N with 1 ≤ I ≤ N, e.g. 1/2 or 2/2, not '${value}'`);
  });
});
