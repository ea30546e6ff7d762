// Starting a helper process (coturn, Xvfb, WebKitWebDriver) so that it cannot outlive the
// harness: util-linux setpriv sets SIGKILL as its parent-death signal and execs it in place
// (so the harness stays its parent and the pid is the program's own), and it is recorded in the
// run's record before anything waits on it, so the next start reaps it if even that failed.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { SETPRIV } from '../launchers/diesWithHarness.js';
import { identityOf } from './processIdentity.js';
import { claim, release } from './runRecord.js';

export interface OwnedProcess {
  child: ChildProcess;
  /** Drops the record once the process is gone (the caller stopped it). */
  forget(): Promise<void>;
}

/**
 * Spawns `command` with the parent-death signal, optionally behind `wrapper` (a command prefix
 * that execs in place, e.g. `ip netns exec NAME`), and records it. Unrecordable, it is killed.
 */
export async function spawnOwned(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { wrapper?: readonly string[] } = {},
): Promise<OwnedProcess> {
  const { wrapper = [], ...spawnOptions } = options;
  const [program, ...rest] = [...wrapper, SETPRIV, '--pdeathsig', 'KILL', '--', command, ...args];
  const child = spawn(program!, rest, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
  const identity = child.pid === undefined ? null : await identityOf(child.pid);
  const owned = identity ? ({ kind: 'process', ...identity } as const) : null;
  if (owned) {
    await claim(owned).catch((error: unknown) => {
      // Unrecorded, it must not run on.
      child.kill('SIGKILL');
      throw error;
    });
  }
  return { child, forget: async () => (owned ? release(owned) : undefined) };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. Its record is dropped. */
export async function stopOwned(owned: OwnedProcess, graceMs = 3_000): Promise<void> {
  const { child } = owned;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  await owned.forget();
}
