// A run's environment as a list of steps, each {title, setup, teardown}, as Playwright runs
// its global set-up. Each step's teardown goes on one stack before its setup starts, so a
// step that fails half-way is undone too; the stack unwinds newest first, once, whatever
// happens (error, Ctrl-C, a failing teardown). Adding a part of the environment (Janus) is
// one more entry in the list.
import { TeardownStack } from '../teardown.js';
import { type Interrupt, type SignalSource, listenForInterrupt } from './interrupt.js';

export interface EnvironmentStep<E> {
  readonly title: string;
  /** Makes this step's part and writes where it sits into `environment`, for later steps and the run. */
  setup(environment: E): Promise<void>;
  /** Undoes whatever setup made, also when setup stopped half-way. Runs once. */
  teardown(environment: E): Promise<void>;
}

export interface EnvironmentOptions {
  /** Where Ctrl-C and SIGTERM come from (default: this process). */
  signals?: SignalSource;
  /** Where the interrupt notice and teardown failures go (default: stderr). */
  say?: (line: string) => void;
}

/**
 * Sets up `steps` in order into `environment`, then runs `body` in it with the run's one
 * interrupt signal, then tears everything down. After a Ctrl-C no further step starts; `body`
 * still runs (with the signal aborted) so that the results so far are written.
 */
export async function inEnvironment<E, T>(
  steps: readonly EnvironmentStep<E>[],
  environment: E,
  body: (environment: E, signal: AbortSignal) => Promise<T>,
  options: EnvironmentOptions = {},
): Promise<T> {
  const say = options.say ?? ((line: string) => void process.stderr.write(line));
  const interrupt: Interrupt = listenForInterrupt(options.signals ?? process, say);
  const teardown = new TeardownStack();
  try {
    for (const step of steps) {
      if (interrupt.signal.aborted) break;
      teardown.push(step.title, () => step.teardown(environment));
      await step.setup(environment);
    }
    return await body(environment, interrupt.signal);
  } finally {
    for (const failure of await teardown.unwind()) say(`webrtc-harness: teardown: ${failure}\n`);
    interrupt.dispose();
  }
}
