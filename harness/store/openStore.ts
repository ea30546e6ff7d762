// `--db` as given on the command line -> a RunStore: a `postgres://` or `postgresql://` URL is a
// PostgreSQL database, anything else a SQLite file. Migrations run on open. Each driver is
// loaded only when chosen, so `runs list` on a file never loads pg (and the reverse).
import type { RunStore } from './runStore.js';

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

export const isPostgresSpec = (spec: string) => POSTGRES_URL.test(spec);

export interface OpenStoreOptions {
  /** SQLite only: create the file when it is missing (default). `runs list|export` pass false. */
  create?: boolean;
}

export async function openStore(spec: string, { create = true }: OpenStoreOptions = {}): Promise<RunStore> {
  if (isPostgresSpec(spec)) return (await import('./postgresStore.js')).openPostgresStore(spec);
  return (await import('./sqliteStore.js')).openSqliteStore(spec, { create });
}
