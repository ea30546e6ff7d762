import type { ProbeResult, RunResults } from '../core/results.js';
import { HtmlReporter } from './html/index.js';
import { JsonReporter } from './json.js';
import { JunitReporter } from './junit.js';
import type { ProbeStart, Reporter, RunPlan } from './reporter.js';
import { TerminalReporter } from './terminal.js';
import type { TerminalStream } from './terminal.js';

/** What the CLI can hand to a reporter factory; each reporter takes what it needs. */
export interface ReporterFactoryOptions {
  /** Terminal reporter output (default process.stdout). */
  stream?: TerminalStream;
  /** Terminal colors (default: stream is a TTY and NO_COLOR is unset). */
  color?: boolean;
}

export type ReporterFactory = (options?: ReporterFactoryOptions) => Reporter;

/**
 * Built-in reporters by name. There is no `--reporter` option: every run and check writes all
 * four (harness/commands/common.ts), since results.json, junit.xml and index.html cost little
 * and CI wants them all.
 */
export const REPORTERS = {
  terminal: (options?: ReporterFactoryOptions): Reporter => new TerminalReporter(options?.stream, options?.color === undefined ? {} : { color: options.color }),
  json: (): Reporter => new JsonReporter(),
  junit: (): Reporter => new JunitReporter(),
  html: (): Reporter => new HtmlReporter(),
} as const satisfies Record<string, ReporterFactory>;

export type ReporterHook = Exclude<keyof Reporter, 'name'>;

export interface ReporterError {
  reporter: string;
  hook: ReporterHook;
  error: unknown;
}

/**
 * Forwards every hook to each reporter in order, awaiting each one. A reporter that throws or
 * rejects is recorded in `errors` and the next reporter still gets the hook, so one broken
 * reporter never silences the others.
 */
export class ReporterMultiplexer implements Reporter {
  readonly name = 'multiplexer';
  readonly errors: ReporterError[] = [];

  constructor(readonly reporters: readonly Reporter[]) {}

  async onRunBegin(plan: RunPlan): Promise<void> {
    await this.forward('onRunBegin', (r) => r.onRunBegin?.(plan));
  }

  async onBrowserReady(browser: { name: string; version: string }): Promise<void> {
    await this.forward('onBrowserReady', (r) => r.onBrowserReady?.(browser));
  }

  async onProbeBegin(start: ProbeStart): Promise<void> {
    await this.forward('onProbeBegin', (r) => r.onProbeBegin?.(start));
  }

  async onProbeEnd(result: ProbeResult): Promise<void> {
    await this.forward('onProbeEnd', (r) => r.onProbeEnd?.(result));
  }

  async onRunEnd(run: RunResults): Promise<void> {
    await this.forward('onRunEnd', (r) => r.onRunEnd?.(run));
  }

  private async forward(hook: ReporterHook, call: (reporter: Reporter) => void | Promise<void>): Promise<void> {
    for (const reporter of this.reporters) {
      try {
        await call(reporter);
      } catch (error) {
        this.errors.push({ reporter: reporter.name, hook, error });
      }
    }
  }
}
