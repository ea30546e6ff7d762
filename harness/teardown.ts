import { errorMessage } from './errors.js';

interface TeardownStep {
  title: string;
  run: () => Promise<void> | void;
}

/**
 * Whatever a run sets up (browsers, servers, later coturn and namespaces) pushes its undo
 * here; `unwind` runs the steps in reverse order, each bounded in time, and keeps going
 * when one fails, so a broken step never leaves the others' resources behind.
 */
export class TeardownStack {
  readonly #steps: TeardownStep[] = [];
  #unwinding: Promise<string[]> | null = null;

  push(title: string, run: TeardownStep['run']): void {
    this.#steps.push({ title, run });
  }

  get size(): number {
    return this.#steps.length;
  }

  /** Runs every step once, newest first; resolves to the failures as `title: message`. Safe to call twice. */
  unwind(stepTimeoutMs = 10_000): Promise<string[]> {
    this.#unwinding ??= this.#unwindOnce(stepTimeoutMs);
    return this.#unwinding;
  }

  async #unwindOnce(stepTimeoutMs: number): Promise<string[]> {
    const failures: string[] = [];
    for (let step = this.#steps.pop(); step; step = this.#steps.pop()) {
      try {
        await withTimeout(Promise.resolve().then(step.run), stepTimeoutMs, `teardown "${step.title}"`);
      } catch (error) {
        failures.push(`${step.title}: ${errorMessage(error)}`);
      }
    }
    return failures;
  }
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** Rejects with TimeoutError when `promise` has not settled within `ms`; the timer never keeps the process alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${formatMs(ms)}`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}
