// The one place the harness hears Ctrl-C (SIGINT) and SIGTERM, for a run and for the stats
// commands alike. The first signal aborts the AbortSignal (its reason an Interrupted error, which
// long steps throw through throwIfAborted and commands turn into exit 130) and says so; later
// ones change nothing (teardown is already on its way). The
// worker inside a scenario is not signalled: it sits in its own process group and stops when
// its job pipe closes (harness/worker/inNamespace.ts).

/** Where signals come from: `process`, or a stand-in in tests. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor() {
    super('interrupted');
  }
}

const STOPPING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export interface Interrupt {
  signal: AbortSignal;
  /** Stops listening; the signals' default action (exit) applies again. */
  dispose(): void;
}

export function listenForInterrupt(source: SignalSource, say: (line: string) => void): Interrupt {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    say(`\n${signal}: stopping, closing browsers and writing the results so far...\n`);
    controller.abort(new Interrupted());
  };
  for (const name of STOPPING_SIGNALS) source.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of STOPPING_SIGNALS) source.off(name, onSignal);
    },
  };
}
