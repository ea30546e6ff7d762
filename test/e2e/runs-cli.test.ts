// `webrtc-harness runs list|export` on a SQLite store as a user runs it (compiled CLI, a fresh
// node per call): what serve stored comes back as a table, JSON lines and results.json files
// that `report diff` reads; a missing store is an error, never a new empty one.
// Needs the compiled CLI: npx tsc -p tsconfig.json
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRun } from '../../harness/store/newRun.js';
import { openStore } from '../../harness/store/openStore.js';
import type { NewRun } from '../../harness/store/runStore.js';
import { startCli } from '../support/cli.js';
import { loadResultsFixture } from '../support/resultsFixtures.js';

const runs = (...args: string[]) => startCli(['runs', ...args]).done;
let dir: string;
let db: string;
let office: NewRun;
let vp9Gone: NewRun;
let hostile: NewRun;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wh-runs-cli-'));
  db = join(dir, 'runs.db');
  const store = await openStore(db);
  const stored = async (fixture: string, label: string | null, minutesAgo: number) => {
    const run = await newRun(
      { results: loadResultsFixture(fixture), label, userAgent: 'UA', clientIp: null },
      { storeIp: false, redactIps: false, now: new Date(Date.now() - minutesAgo * 60_000) },
    );
    await store.insert(run);
    return run;
  };
  office = await stored('check-all-pass.json', 'office', 30);
  vp9Gone = await stored('check-chromium-vp9-gone.json', 'office', 20);
  // Written past newRun's label check, as a store another tool wrote could hold it.
  hostile = { ...office, id: 'hostile-label-000000000000', label: 'evil\u001b]0;pwned\u0007\u001b[2Jlabel\r\ninjected', createdAt: new Date() };
  await store.insert(hostile);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runs list', () => {
  it('prints the runs newest first with the label made safe for the terminal', async () => {
    const { code, stdout, stderr } = await runs('list', '--db', db);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual([hostile.id, vp9Gone.id, office.id]);
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(lines[1]).toMatch(/evil.*label⏎injected$/);
    expect(lines.at(-1)).toBe(`3 run(s) in sqlite:${db}`);
  });

  it('prints JSON lines that filters narrow', async () => {
    const { code, stdout } = await runs('list', '--db', db, '--json', '--label', 'office', '--limit', '1');
    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string }),
    ).toEqual([expect.objectContaining({ id: vp9Gone.id, label: 'office', verdict: 'ready' })]);
  });

  it('says there is no store at a missing --db and creates none (exit 2)', async () => {
    const missing = join(dir, 'typo.db');
    const { code, stderr } = await runs('list', '--db', missing);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no run store at .*typo\.db/);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('runs export', () => {
  it('writes each run’s results.json into DIR/<id>/, which report diff reads', async () => {
    const out = join(dir, 'export');
    const { code, stderr } = await runs('export', '--db', db, '--label', 'office', '-o', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.webrtc-harness-files.json', office.id, vp9Gone.id].sort());
    expect(JSON.parse(readFileSync(join(out, office.id, 'results.json'), 'utf8'))).toEqual(office.results);
    const diff = await startCli(['report', 'diff', join(out, office.id, 'results.json'), join(out, vp9Gone.id, 'results.json')]).done;
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/VP9/);
  });

  it('writes nothing for an unknown id, nor into a folder of the user’s (exit 2)', async () => {
    const out = join(dir, 'unknown');
    const unknown = await runs('export', office.id, 'Zm9vYmFyYmF6cXV1eHF1dXgx', '--db', db, '-o', out);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no run Zm9vYmFyYmF6cXV1eHF1dXgx in sqlite:.*nothing written/);
    expect(existsSync(out)).toBe(false);

    const users = join(dir, 'users');
    mkdirSync(users);
    writeFileSync(join(users, 'notes.txt'), 'mine');
    const refused = await runs('export', office.id, '--db', db, '-o', users);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds files webrtc-harness did not write \(notes\.txt\)/);
    expect(readdirSync(users)).toEqual(['notes.txt']);
  });
});
