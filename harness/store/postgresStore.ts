// The shared run store for several `serve` instances behind a load balancer: PostgreSQL through
// a pg Pool, the same queries (sqlRunStore.ts) and migrations as SQLite. The connection URL may
// hold a password: it is never printed; `description` masks it.
import pg from 'pg';
import { MASK } from '../redact.js';
import { MIGRATIONS, RECORD_MIGRATION_SQL, SCHEMA_MIGRATIONS_DDL, migrationSql, pendingMigrations } from './migrations.js';
import { StoreError } from './runStore.js';
import { type SqlDriver, type SqlRow, SqlRunStore, type SqlStatement, type SqlValue } from './sqlRunStore.js';

/** Query parameters of a connection URL that carry secrets (pg-connection-string reads `password` like the URL's own). */
const SECRET_PARAMS = ['password', 'sslpassword'];

/** pg_advisory_xact_lock key that serializes migrating among all instances sharing one database ("webrtc-h" as bytes). */
export const MIGRATION_LOCK_KEY = 0x7765627274632d68n;

/** Waiting for a connection longer than this is a broken server, not a busy one. */
const CONNECT_TIMEOUT_MS = 10_000;

/** The URL with its password (in the userinfo or as a query parameter) replaced by `***`. */
export function maskedUrl(spec: string): string {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    // Unparsable: nothing of it is shown, since where the password sits is unknown.
    return `${spec.slice(0, spec.indexOf(':') + 1)}//(unparsable URL)`;
  }
  if (url.password) url.password = MASK;
  for (const name of SECRET_PARAMS) if (url.searchParams.has(name)) url.searchParams.set(name, MASK);
  return url.toString();
}

/** `?` placeholders (sqlRunStore's dialect-neutral SQL) as PostgreSQL's `$1, $2…`; our SQL has no `?` in literals. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres';

  constructor(
    readonly description: string,
    readonly pool: pg.Pool,
  ) {}

  async all(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]> {
    return (await this.pool.query(numbered(sql), [...params])).rows as SqlRow[];
  }

  async transaction(statements: readonly SqlStatement[]): Promise<number[]> {
    return this.#inTransaction(async (client) => {
      const changed: number[] = [];
      for (const s of statements) changed.push((await client.query(numbered(s.sql), [...s.params])).rowCount ?? 0);
      return changed;
    });
  }

  /**
   * Applies the pending migrations in one transaction under an advisory lock: instances that open
   * the store at the same moment take turns, and each later one finds the work done.
   */
  async migrate(): Promise<void> {
    await this.#inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      await client.query(SCHEMA_MIGRATIONS_DDL);
      const applied = (await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id);
      for (const migration of pendingMigrations(applied, this.description, MIGRATIONS)) {
        await client.query(migrationSql(migration, 'postgres'));
        await client.query(numbered(RECORD_MIGRATION_SQL), [migration.id, migration.name, Date.now()]);
      }
    });
  }

  async #inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

export async function openPostgresStore(spec: string): Promise<SqlRunStore> {
  const description = maskedUrl(spec);
  const pool = new pg.Pool({ connectionString: spec, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, max: 10 });
  // An idle connection the server dropped (restart, failover) is removed by the pool; without a
  // listener the 'error' event would end the process. The next query connects anew or reports.
  pool.on('error', () => undefined);
  const driver = new PostgresDriver(description, pool);
  try {
    await driver.migrate();
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    // pg's messages name the host or the user, never the password.
    throw new StoreError(`run store ${description}: ${(error as Error).message}`);
  }
  return new SqlRunStore(driver);
}
