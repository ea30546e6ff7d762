// One async holder at a time, in call order: the runner's exclusive probes and a WebDriver
// session's command sequences (switch window, then command) both need exactly this.

/** A promise chain as a lock: `run` waits for every earlier holder, whether it succeeded or failed. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
