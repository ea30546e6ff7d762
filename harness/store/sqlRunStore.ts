// The one RunStore both databases share: every query is written once, with `?` placeholders,
// in SQL that SQLite and PostgreSQL read alike; a driver (sqliteStore.ts, postgresStore.ts)
// only runs it. Rows are checked on the way out only for what the drivers differ in (BIGINT
// arrives as a string from pg).
import { RUN_ID_PATTERN } from '../../reports/servedRun.js';
import type { RunResults } from '../../core/results.js';
import type { Dialect } from './migrations.js';
import type { NewRun, ReadinessLevel, RunFilter, RunStore, RunSummary, StoredRun } from './runStore.js';

export type SqlValue = string | number | null;
export type SqlRow = Readonly<Record<string, unknown>>;

export interface SqlStatement {
  sql: string;
  params: readonly SqlValue[];
}

export interface SqlDriver {
  readonly dialect: Dialect;
  /** Credentials masked (see RunStore.description). */
  readonly description: string;
  /** The rows of one query. */
  all(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs the statements as one transaction; resolves to the rows each changed. */
  transaction(statements: readonly SqlStatement[]): Promise<number[]>;
  close(): Promise<void>;
}

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

const VERDICTS: readonly ReadinessLevel[] = ['ready', 'degraded', 'not-ready'];

/** A whole number within [min, max]; anything else (NaN, a fraction's remainder) falls back or is clamped. */
function bounded(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(Math.max(Math.trunc(value), min), max);
}

const SUMMARY_COLUMNS = 'id, created_at, label, user_agent, client_ip, verdict';

function summaryOf(row: SqlRow, browsers: readonly string[]): RunSummary {
  const verdict = row['verdict'] as ReadinessLevel;
  if (!VERDICTS.includes(verdict)) throw new Error(`run ${String(row['id'])} has an unknown verdict ${JSON.stringify(verdict)}`);
  return {
    id: String(row['id']),
    createdAt: new Date(Number(row['created_at'])),
    label: (row['label'] as string | null) ?? null,
    userAgent: (row['user_agent'] as string | null) ?? null,
    clientIp: (row['client_ip'] as string | null) ?? null,
    verdict,
    browsers: [...browsers],
  };
}

export class SqlRunStore implements RunStore {
  readonly #driver: SqlDriver;

  constructor(driver: SqlDriver) {
    this.#driver = driver;
  }

  get description(): string {
    return this.#driver.description;
  }

  async insert(run: NewRun): Promise<void> {
    // Ids are minted by newRun; anything else here is a bug upstream, not a row to keep.
    if (!RUN_ID_PATTERN.test(run.id)) throw new Error(`run id ${JSON.stringify(run.id)} does not match ${RUN_ID_PATTERN}`);
    const createdAt = run.createdAt.getTime();
    if (!Number.isFinite(createdAt)) throw new Error(`run ${run.id} has an invalid createdAt`);
    await this.#driver.transaction([
      {
        sql: `INSERT INTO runs (${SUMMARY_COLUMNS}, results) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        params: [run.id, createdAt, run.label, run.userAgent, run.clientIp, run.verdict, JSON.stringify(run.results)],
      },
      ...[...new Set(run.browsers)].map((browser) => ({ sql: 'INSERT INTO run_browsers (run_id, browser) VALUES (?, ?)', params: [run.id, browser] })),
    ]);
  }

  async get(id: string): Promise<StoredRun | null> {
    if (!RUN_ID_PATTERN.test(id)) return null;
    const [row] = await this.#driver.all(`SELECT ${SUMMARY_COLUMNS}, results FROM runs WHERE id = ?`, [id]);
    if (!row) return null;
    return this.#withResults([row]).then(([run]) => run ?? null);
  }

  async list(filter: RunFilter): Promise<RunSummary[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (clause: string, value: SqlValue) => {
      where.push(clause);
      params.push(value);
    };
    if (filter.label !== undefined) add('label = ?', filter.label);
    if (filter.verdict !== undefined) add('verdict = ?', filter.verdict);
    if (filter.browser !== undefined)
      add('EXISTS (SELECT 1 FROM run_browsers WHERE run_browsers.run_id = runs.id AND run_browsers.browser = ?)', filter.browser);
    if (filter.since !== undefined) add('created_at >= ?', filter.since.getTime());
    if (filter.until !== undefined) add('created_at <= ?', filter.until.getTime());
    const limit = bounded(filter.limit, DEFAULT_LIST_LIMIT, 1, MAX_LIST_LIMIT);
    const offset = bounded(filter.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    const rows = await this.#driver.all(
      `SELECT ${SUMMARY_COLUMNS} FROM runs${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    const browsers = await this.#browsersOf(rows.map((r) => String(r['id'])));
    return rows.map((row) => summaryOf(row, browsers.get(String(row['id'])) ?? []));
  }

  /** The newest `limit` runs with this label, returned oldest first (the comparison's columns, left to right). */
  async withLabel(label: string, limit: number): Promise<StoredRun[]> {
    const rows = await this.#driver.all(`SELECT ${SUMMARY_COLUMNS}, results FROM runs WHERE label = ? ORDER BY created_at DESC, id DESC LIMIT ?`, [
      label,
      bounded(limit, DEFAULT_LIST_LIMIT, 1, MAX_LIST_LIMIT),
    ]);
    return (await this.#withResults(rows)).reverse();
  }

  async deleteCreatedBefore(cutoff: Date): Promise<number> {
    // run_browsers rows go with their run (ON DELETE CASCADE).
    const [deleted = 0] = await this.#driver.transaction([{ sql: 'DELETE FROM runs WHERE created_at < ?', params: [cutoff.getTime()] }]);
    return deleted;
  }

  close(): Promise<void> {
    return this.#driver.close();
  }

  async #withResults(rows: readonly SqlRow[]): Promise<StoredRun[]> {
    const browsers = await this.#browsersOf(rows.map((r) => String(r['id'])));
    return rows.map((row) => ({ ...summaryOf(row, browsers.get(String(row['id'])) ?? []), results: JSON.parse(String(row['results'])) as RunResults }));
  }

  async #browsersOf(ids: readonly string[]): Promise<Map<string, string[]>> {
    const byRun = new Map<string, string[]>();
    if (!ids.length) return byRun;
    const rows = await this.#driver.all(`SELECT run_id, browser FROM run_browsers WHERE run_id IN (${ids.map(() => '?').join(', ')}) ORDER BY browser`, ids);
    for (const row of rows) {
      const id = String(row['run_id']);
      byRun.set(id, [...(byRun.get(id) ?? []), String(row['browser'])]);
    }
    return byRun;
  }
}
