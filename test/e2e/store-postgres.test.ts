// serve's run store on PostgreSQL, as several `serve` instances behind a load balancer use it:
// a real PostgreSQL 15 (started here, on a unix socket in a temp folder), several stores
// opened at the same moment (each its own pg Pool, all migrating at once), one store for all.
// Also `runs list --db postgres://…` from the shell, with the password in PGPASSWORD.
// Needs the compiled CLI (npx tsc -p tsconfig.json) and root (PostgreSQL runs as `postgres`).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../harness/store/migrations.js';
import { newRun } from '../../harness/store/newRun.js';
import { openStore } from '../../harness/store/openStore.js';
import type { RunStore } from '../../harness/store/runStore.js';
import { startCli } from '../support/cli.js';
import { type PostgresServer, postgresMissing, startPostgres } from '../support/postgres.js';
import { loadResultsFixture } from '../support/resultsFixtures.js';

const missing = postgresMissing();
let server: PostgresServer | undefined;
const stores: RunStore[] = [];

async function sql(database: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: server!.url(database) });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** A database of its own per test: each starts from an empty schema. */
async function freshDatabase(name: string): Promise<string> {
  await sql('postgres', `CREATE DATABASE ${name}`);
  return server!.url(name);
}

async function open(url: string): Promise<RunStore> {
  const store = await openStore(url);
  stores.push(store);
  return store;
}

const visit = (label: string, fixture = 'check-all-pass.json') =>
  newRun({ results: loadResultsFixture(fixture), label, userAgent: 'Mozilla/5.0 Firefox/147.0', clientIp: '203.0.113.5' }, { storeIp: true, redactIps: false });

describe.skipIf(missing !== null)(`the run store on PostgreSQL${missing ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  }, 90_000);

  afterAll(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
    await server?.stop();
  }, 60_000);

  it('is one store for instances that open it at the same moment: migrated once, a run written by one is read by the others', async () => {
    const url = await freshDatabase('shared');
    // Four instances starting together, each with its own pool: all migrate at once.
    // allSettled: when one fails, the others are still waited for (and closed in afterAll).
    const opened = await Promise.allSettled([open(url), open(url), open(url), open(url)]);
    const failed = opened.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
    const [a, b, c, d] = opened.map((o) => (o as PromiseFulfilledResult<RunStore>).value);
    expect(await sql('shared', 'SELECT id FROM schema_migrations ORDER BY id')).toEqual(MIGRATIONS.map((m) => ({ id: m.id })));

    const office = await visit('office wifi');
    const home = await visit('home', 'check-coturn-on-port-53-firefox-ready-chromium-not.json');
    await a!.insert(office);
    await c!.insert(home);
    expect(await b!.get(office.id)).toEqual(office);
    expect(await d!.get(home.id)).toEqual(home);
    const listed = async (store: RunStore) => (await store.list({})).map((r) => `${r.id} ${r.verdict} ${r.label}`);
    expect(await listed(b!)).toEqual(await listed(a!));
    expect(await listed(a!)).toEqual([`${home.id} not-ready home`, `${office.id} ready office wifi`]);
    expect((await d!.list({ browser: 'firefox', verdict: 'not-ready' })).map((r) => r.id)).toEqual([home.id]);
    expect((await b!.withLabel('office wifi', 10)).map((r) => r.results)).toEqual((await c!.withLabel('office wifi', 10)).map((r) => r.results));
    expect((await b!.withLabel('office wifi', 10))[0]?.results).toEqual(office.results);

    expect(await d!.deleteCreatedBefore(new Date(Date.now() + 1000))).toBe(2);
    expect(await a!.get(office.id)).toBeNull();
    expect(await sql('shared', 'SELECT count(*)::int AS n FROM run_browsers')).toEqual([{ n: 0 }]);
  });

  it('shows its URL with the password masked', async () => {
    const store = await open(server!.url('postgres'));
    expect(store.description).not.toContain(server!.password);
    expect(store.description).toMatch(/^postgresql:\/\/postgres:\*\*\*@localhost\/postgres\?host=/);
  });

  it('refuses a database a newer harness migrated, leaving it as it was', async () => {
    const url = await freshDatabase('newer');
    await (await open(url)).close();
    await sql('newer', 'INSERT INTO schema_migrations (id, name, applied_at) VALUES (99, $1, 0)', ['from the future']);
    await expect(openStore(url)).rejects.toThrow(/has schema migration 99; this webrtc-harness knows up to \d+/);
    expect((await sql('newer', 'SELECT id FROM schema_migrations ORDER BY id')).map((r) => r.id)).toEqual([...MIGRATIONS.map((m) => m.id), 99]);
  });

  it('is listed by `runs list --db postgres://…` with the password in PGPASSWORD, and a wrong one is an error that does not print it', async () => {
    const url = await freshDatabase('cli');
    const run = await visit('from the shell');
    await (await open(url)).insert(run);
    const withoutPassword = server!.url('cli', { withPassword: false });

    const listed = await startCli(['runs', 'list', '--db', withoutPassword], { PGPASSWORD: server!.password }).done;
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${run.id}\\s+\\S+ \\S+\\s+ready\\s+chromium,firefox\\s+from the shell$`, 'm'));
    const json = await startCli(['runs', 'list', '--db', withoutPassword, '--json', '--label', 'from the shell'], { PGPASSWORD: server!.password }).done;
    expect(JSON.parse(json.stdout)).toMatchObject({ id: run.id, verdict: 'ready', clientIp: '203.0.113.5' });

    const wrong = await startCli(['runs', 'list', '--db', server!.url('cli').replace(encodeURIComponent(server!.password), 'not-the-password')]).done;
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/password authentication failed/);
    expect(wrong.stderr).toMatch(/visible to other local users in ps/);
    expect(wrong.stderr).not.toContain('not-the-password');
  });
});
