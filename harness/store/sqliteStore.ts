// The embedded run store: one SQLite file (better-sqlite3), in WAL mode so `runs list` reads
// while `serve` writes. The file is created by us, 0600, and only in a folder that exists: a
// typo in --db must not scatter databases, nor may a symbolic link put the store elsewhere.
import { closeSync, constants, lstatSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, RECORD_MIGRATION_SQL, SCHEMA_MIGRATIONS_DDL, migrationSql, pendingMigrations } from './migrations.js';
import { StoreError } from './runStore.js';
import { type SqlDriver, type SqlRow, SqlRunStore, type SqlStatement, type SqlValue } from './sqlRunStore.js';

/** How long a write waits for another process's write lock (a second `serve`, a `runs` command) before failing. */
const BUSY_TIMEOUT_MS = 5000;

export interface SqliteOpenOptions {
  /** Create the file when missing (`serve`); false for commands that only read (`runs list`). */
  create: boolean;
}

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Checks the path and creates the file (0600, never through a link) when asked; returns the absolute path. */
function prepareFile(file: string, create: boolean): string {
  const path = resolve(file);
  let info: ReturnType<typeof lstatSync> | undefined;
  try {
    info = lstatSync(path);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw new StoreError(`run store ${path}: ${(error as Error).message}`);
  }
  if (info?.isSymbolicLink()) throw new StoreError(`run store ${path} is a symbolic link; refused (give the file it points to)`);
  if (info && !info.isFile()) throw new StoreError(`run store ${path} is not a file`);
  if (info) return path;
  if (!create) throw new StoreError(`no run store at ${path} (the file does not exist; 'webrtc-harness serve --db ${file}' creates it)`);
  const folder = dirname(path);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw new StoreError(`run store ${path}: the folder ${folder} does not exist; create it first`);
  try {
    // O_EXCL: never through a link planted since the check, never over a file that appeared meanwhile.
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600));
  } catch (error) {
    // Another process created it between our check and now: use theirs.
    if (errnoOf(error) !== 'EEXIST') throw new StoreError(`run store ${path}: ${(error as Error).message}`);
  }
  return path;
}

/** Applies the pending migrations in one IMMEDIATE transaction: a second process opening the same file waits, then sees them done. */
function migrate(db: Database.Database, description: string): void {
  db.transaction(() => {
    db.exec(SCHEMA_MIGRATIONS_DDL);
    const applied = (db.prepare('SELECT id FROM schema_migrations').all() as { id: number }[]).map((r) => r.id);
    for (const migration of pendingMigrations(applied, description, MIGRATIONS)) {
      db.exec(migrationSql(migration, 'sqlite'));
      db.prepare(RECORD_MIGRATION_SQL).run(migration.id, migration.name, Date.now());
    }
  }).immediate();
}

class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite';
  readonly #statements = new Map<string, Database.Statement>();

  constructor(
    readonly description: string,
    readonly db: Database.Database,
  ) {}

  #prepare(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  async all(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]> {
    return this.#prepare(sql).all(...params) as SqlRow[];
  }

  async transaction(statements: readonly SqlStatement[]): Promise<number[]> {
    // Synchronous inside: no other call can interleave between BEGIN and COMMIT.
    return this.db.transaction(() => statements.map((s) => this.#prepare(s.sql).run(...s.params).changes))();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

export function openSqliteStore(file: string, { create }: SqliteOpenOptions): SqlRunStore {
  const path = prepareFile(file, create);
  const description = `sqlite:${path}`;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    // Before WAL: a refused (newer) store is left exactly as it was.
    migrate(db, description);
    db.pragma('journal_mode = WAL');
    // Safe with WAL (a power cut may lose the last commits, never corrupt the file), and much faster than FULL.
    db.pragma('synchronous = NORMAL');
    return new SqlRunStore(new SqliteDriver(description, db));
  } catch (error) {
    db?.close();
    if (error instanceof StoreError) throw error;
    // SQLITE_NOTADB and friends: name the file.
    throw new StoreError(`run store ${path}: ${(error as Error).message}`);
  }
}
