import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadResultsFixture } from '../../test/support/resultsFixtures.js';
import { sampleRun } from '../../test/support/sampleRun.js';
import { MIGRATIONS } from './migrations.js';
import { newRunId } from './newRun.js';
import { openStore } from './openStore.js';
import { retentionCutoff, startRetention } from './retention.js';
import { type NewRun, type RunStore, StoreError } from './runStore.js';

let dir: string;
let file: string;
const opened: RunStore[] = [];
const open = async (spec = file, create = true) => {
  const store = await openStore(spec, { create });
  opened.push(store);
  return store;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wh-store-'));
  file = join(dir, 'runs.db');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 24 * 3600 * 1000;
const T0 = Date.parse('2026-11-20T10:00:00Z');

function run(overrides: Partial<NewRun> = {}): NewRun {
  return {
    id: newRunId(),
    createdAt: new Date(T0),
    label: null,
    userAgent: 'Mozilla/5.0 Firefox/147.0',
    clientIp: null,
    verdict: 'ready',
    browsers: ['chromium', 'firefox'],
    results: sampleRun(),
    ...overrides,
  };
}

describe('the SQLite run store: the file', () => {
  it('is created 0600, in WAL mode, with the schema migrations recorded once', async () => {
    await (await open()).close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await open();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT id FROM schema_migrations ORDER BY id').all()).toEqual(MIGRATIONS.map((m) => ({ id: m.id })));
    } finally {
      db.close();
    }
  });

  it('is not created by a reader (create: false), and the message says who creates it', async () => {
    await expect(open(file, false)).rejects.toThrow(/no run store at .*runs\.db.*serve --db/);
    expect(existsSync(file)).toBe(false);
  });

  it('is not created in a folder that does not exist', async () => {
    await expect(open(join(dir, 'missing', 'runs.db'))).rejects.toThrow(/the folder .*missing does not exist/);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('refuses a symbolic link, pointing anywhere', async () => {
    const target = join(dir, 'elsewhere.db');
    await (await open(target)).close();
    symlinkSync(target, file);
    await expect(open()).rejects.toThrow(/symbolic link; refused/);
    symlinkSync(join(dir, 'nothing-here.db'), join(dir, 'dangling.db'));
    await expect(open(join(dir, 'dangling.db'))).rejects.toThrow(/symbolic link; refused/);
    expect(existsSync(join(dir, 'nothing-here.db'))).toBe(false);
  });

  it('refuses a file that is not a database, naming it', async () => {
    writeFileSync(file, 'this is a results.json, not a database\n'.repeat(200));
    await expect(open()).rejects.toThrow(StoreError);
    await expect(open()).rejects.toThrow(/runs\.db: file is not a database/);
  });

  it('refuses a store written by a newer harness and leaves it untouched', async () => {
    await (await open()).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(99, 'from the future', Date.now());
    db.close();
    const before = readFileSync(file);
    const newest = Math.max(...MIGRATIONS.map((m) => m.id));
    await expect(open()).rejects.toThrow(new RegExp(`has schema migration 99; this webrtc-harness knows up to ${newest}.*upgrade`));
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('the SQLite run store: runs', () => {
  it('returns a stored run as it went in, results byte for byte as JSON', async () => {
    const store = await open();
    const results = loadResultsFixture('run-both-adapters-all-probes.json');
    const stored = run({ label: 'office', clientIp: '203.0.113.7', verdict: 'not-ready', results });
    await store.insert(stored);
    expect(await store.get(stored.id)).toEqual(stored);
    expect(JSON.stringify((await store.get(stored.id))?.results)).toBe(JSON.stringify(results));
  });

  it('answers null for an unknown id and for one that is no id at all', async () => {
    const store = await open();
    await store.insert(run());
    expect(await store.get(newRunId())).toBeNull();
    expect(await store.get("' OR 1=1 --")).toBeNull();
  });

  it('refuses a second run with the same id, keeping the first', async () => {
    const store = await open();
    const first = run({ label: 'first' });
    await store.insert(first);
    await expect(store.insert(run({ id: first.id, label: 'second' }))).rejects.toThrow(/UNIQUE/);
    expect((await store.get(first.id))?.label).toBe('first');
  });

  it('lists newest first and filters by label, verdict, browser and inclusive dates', async () => {
    const store = await open();
    const a = run({ createdAt: new Date(T0), label: 'office', browsers: ['chromium'], verdict: 'ready' });
    const b = run({ createdAt: new Date(T0 + DAY), label: 'office', browsers: ['firefox'], verdict: 'not-ready' });
    const c = run({ createdAt: new Date(T0 + 2 * DAY), label: 'home', browsers: ['chromium', 'safari'], verdict: 'degraded' });
    for (const r of [b, c, a]) await store.insert(r);
    const ids = async (filter: Parameters<RunStore['list']>[0]) => (await store.list(filter)).map((r) => r.id);
    expect(await ids({})).toEqual([c.id, b.id, a.id]);
    expect(await ids({ label: 'office' })).toEqual([b.id, a.id]);
    expect(await ids({ label: 'offic' })).toEqual([]);
    expect(await ids({ verdict: 'degraded' })).toEqual([c.id]);
    expect(await ids({ browser: 'chromium' })).toEqual([c.id, a.id]);
    expect(await ids({ browser: 'chrom' })).toEqual([]);
    expect(await ids({ since: new Date(T0 + DAY), until: new Date(T0 + 2 * DAY) })).toEqual([c.id, b.id]);
    expect(await ids({ until: new Date(T0 + DAY - 1) })).toEqual([a.id]);
    expect(await ids({ label: 'office', browser: 'firefox', verdict: 'not-ready' })).toEqual([b.id]);
    expect(await ids({ limit: 2 })).toEqual([c.id, b.id]);
    expect(await ids({ limit: 2, offset: 2 })).toEqual([a.id]);
    const [summary] = await store.list({ label: 'home' });
    expect(summary).toEqual({ ...c, results: undefined, browsers: ['chromium', 'safari'] } satisfies Record<string, unknown>);
  });

  it('gives the newest runs of a label, oldest first, at most `limit`', async () => {
    const store = await open();
    const runs = [0, 1, 2, 3].map((i) => run({ createdAt: new Date(T0 + i * DAY), label: 'team' }));
    for (const r of [...runs].reverse()) await store.insert(r);
    await store.insert(run({ label: 'other' }));
    expect((await store.withLabel('team', 10)).map((r) => r.id)).toEqual(runs.map((r) => r.id));
    expect((await store.withLabel('team', 2)).map((r) => r.id)).toEqual([runs[2]!.id, runs[3]!.id]);
    expect((await store.withLabel('team', 2))[0]?.results).toEqual(sampleRun());
  });

  it('deletes runs created before the cutoff, with their browser rows, and says how many', async () => {
    const store = await open();
    const old = run({ createdAt: new Date(T0 - 31 * DAY) });
    const kept = run({ createdAt: new Date(T0 - 29 * DAY) });
    await store.insert(old);
    await store.insert(kept);
    expect(await store.deleteCreatedBefore(retentionCutoff(new Date(T0), 30))).toBe(1);
    expect(await store.get(old.id)).toBeNull();
    expect(await store.get(kept.id)).not.toBeNull();
    const db = new Database(file, { readonly: true });
    try {
      expect(
        db
          .prepare('SELECT run_id FROM run_browsers')
          .all()
          .map((r) => (r as { run_id: string }).run_id),
      ).toEqual([kept.id, kept.id]);
    } finally {
      db.close();
    }
  });

  it('retention sweeps at once on start and reports what it removed', async () => {
    const store = await open();
    await store.insert(run({ createdAt: new Date(Date.now() - 8 * DAY) }));
    const fresh = run({ createdAt: new Date() });
    await store.insert(fresh);
    const deleted: number[] = [];
    const retention = startRetention(store, { keepDays: 7, onDeleted: (n) => deleted.push(n), onError: (e) => expect.fail(String(e)) });
    await retention.stop();
    expect(deleted).toEqual([1]);
    expect((await store.list({})).map((r) => r.id)).toEqual([fresh.id]);
  });

  it('is shared by two stores open on one file: a write by one is read by the other', async () => {
    const writer = await open();
    const reader = await open();
    const stored = run({ label: 'shared' });
    await writer.insert(stored);
    expect(await reader.get(stored.id)).toEqual(stored);
    expect(await reader.list({ label: 'shared' })).toHaveLength(1);
  });
});
