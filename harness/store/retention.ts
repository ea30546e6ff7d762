// `serve --keep-days N`: runs older than N days are deleted, once at start and then every hour.
import type { RunStore } from './runStore.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Runs live for days: an hourly sweep keeps the store within an hour of the promise. */
export const RETENTION_SWEEP_MS = 60 * 60 * 1000;

export const retentionCutoff = (now: Date, keepDays: number) => new Date(now.getTime() - keepDays * DAY_MS);

export interface Retention {
  /** Resolves when the sweep that runs now (if any) has finished: awaited before the store closes. */
  stop(): Promise<void>;
}

export interface RetentionOptions {
  keepDays: number;
  /** After each sweep that removed runs (for the server's log). */
  onDeleted?(count: number, cutoff: Date): void;
  /** A failed sweep is reported and retried at the next one; it never stops the server. */
  onError(error: unknown): void;
  intervalMs?: number;
}

export function startRetention(store: RunStore, { keepDays, onDeleted, onError, intervalMs = RETENTION_SWEEP_MS }: RetentionOptions): Retention {
  if (!(keepDays > 0)) throw new RangeError(`keepDays must be greater than zero, not ${keepDays}`);
  let running: Promise<void> = Promise.resolve();
  const sweep = () => {
    running = running.then(async () => {
      const cutoff = retentionCutoff(new Date(), keepDays);
      try {
        const count = await store.deleteCreatedBefore(cutoff);
        if (count) onDeleted?.(count, cutoff);
      } catch (error) {
        onError(error);
      }
    });
  };
  sweep();
  // unref: the sweep alone never keeps a stopped server's process alive.
  const timer = setInterval(sweep, intervalMs).unref();
  return {
    stop() {
      clearInterval(timer);
      return running;
    },
  };
}
