// What `serve` and `runs list|export` need from the store of visitors' runs. Two implementations
// share one set of migrations: SQLite (better-sqlite3, the embedded default) and PostgreSQL
// (`--db postgres://…`, for several `serve` instances behind a load balancer).
import type { RunResults } from '../../core/results.js';

/** The verdict as stored and searched: `readinessOf(results)` read as one word. */
export type ReadinessLevel = 'ready' | 'degraded' | 'not-ready';

/** A run as it is stored: results already validated against the JSON Schema. */
export interface NewRun {
  /** Unguessable, base64url, ≥ 128 bits (reports/servedRun.ts RUN_ID_PATTERN). */
  id: string;
  createdAt: Date;
  label: string | null;
  userAgent: string | null;
  /** Only with `serve --store-ip`; otherwise null. */
  clientIp: string | null;
  /** The readiness verdict of the results, stored so the admin can search by it. */
  verdict: ReadinessLevel;
  /** Browser names of the results (`chromium`, `firefox`, `safari`, …), for search. */
  browsers: string[];
  results: RunResults;
}

export type StoredRun = NewRun;

/** A row of the admin list: everything but the results. */
export type RunSummary = Omit<StoredRun, 'results'>;

export interface RunFilter {
  label?: string;
  verdict?: ReadinessLevel;
  browser?: string;
  /** Inclusive bounds on createdAt. */
  since?: Date;
  until?: Date;
  /** Newest first; default 100, at most 1000. */
  limit?: number;
  offset?: number;
}

/** Opened by openStore.ts (SQLite file or PostgreSQL URL); one implementation, sqlRunStore.ts, over either driver. */
export interface RunStore {
  /** `sqlite:/path/file.db` or `postgres://…`, credentials masked: for logs and `doctor`. */
  readonly description: string;
  insert(run: NewRun): Promise<void>;
  get(id: string): Promise<StoredRun | null>;
  list(filter: RunFilter): Promise<RunSummary[]>;
  /** The newest `limit` runs with this label (1…1000), returned oldest first (the comparison report's columns). */
  withLabel(label: string, limit: number): Promise<StoredRun[]>;
  /** Retention (`--keep-days`): removes runs created before `cutoff`; returns how many. */
  deleteCreatedBefore(cutoff: Date): Promise<number>;
  close(): Promise<void>;
}

/** The store cannot be opened or used as asked (missing file, newer schema, not a database): commands exit 2 with this message. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}
