// The schema of the run store as an ordered list of migrations, shared by SQLite and PostgreSQL.
// Each migration is applied once, in its own transaction, and recorded in schema_migrations;
// a database that records a migration this code does not know was written by a newer harness
// and is refused rather than used half-understood.
//
// Types are picked to mean the same in both dialects: times are BIGINT milliseconds since the
// epoch (compared as numbers, no time-zone rules), text is TEXT, results are the JSON text the
// CLI writes (stored whole and returned byte for byte as parsed JSON).
import { StoreError } from './runStore.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  /** 1, 2, 3…: applied in this order, never renumbered once released. */
  id: number;
  name: string;
  /** One script both dialects accept, or one per dialect where they must differ. */
  sql: string | Readonly<Record<Dialect, string>>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'runs and their browsers',
    sql: `
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  label TEXT,
  user_agent TEXT,
  client_ip TEXT,
  verdict TEXT NOT NULL CHECK (verdict IN ('ready', 'degraded', 'not-ready')),
  results TEXT NOT NULL
);
CREATE INDEX runs_created_at ON runs (created_at);
CREATE INDEX runs_label_created_at ON runs (label, created_at);
CREATE INDEX runs_verdict_created_at ON runs (verdict, created_at);
-- One row per browser of a run: exact-match search by browser without parsing a list.
CREATE TABLE run_browsers (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  browser TEXT NOT NULL,
  PRIMARY KEY (run_id, browser)
);
CREATE INDEX run_browsers_browser ON run_browsers (browser);
`,
  },
];

/** Created before anything else; the same in both dialects. */
export const SCHEMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

export const RECORD_MIGRATION_SQL = 'INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)';

export const migrationSql = (migration: Migration, dialect: Dialect): string => (typeof migration.sql === 'string' ? migration.sql : migration.sql[dialect]);

/**
 * The migrations still to apply to a database that has `applied` (ids from schema_migrations),
 * in order. Refuses a database with a migration this code does not know: a newer harness wrote
 * it, and this one would misread or damage it.
 */
export function pendingMigrations(applied: readonly number[], description: string, known: readonly Migration[] = MIGRATIONS): Migration[] {
  const knownIds = new Set(known.map((m) => m.id));
  const unknown = applied.filter((id) => !knownIds.has(id));
  if (unknown.length) {
    const newest = Math.max(...known.map((m) => m.id), 0);
    throw new StoreError(
      `${description} has schema migration ${Math.max(...unknown)}; this webrtc-harness knows up to ${newest}. A newer webrtc-harness wrote it: upgrade this one (the store is left untouched)`,
    );
  }
  const done = new Set(applied);
  return known.filter((m) => !done.has(m.id)).sort((a, b) => a.id - b.id);
}
