// Ctrl-C (SIGINT) and SIGTERM during a stats command: an AbortSignal the long steps check
// (the import between chunks, the PNG renderer by closing its browser), so each can stop,
// clean up (staged output removed, browser closed) and the command can exit 130.

export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor() {
    super('interrupted');
  }
}

export function interruptOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Interrupted());
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return { signal: controller.signal, dispose: () => void process.off('SIGINT', onSignal).off('SIGTERM', onSignal) };
}
