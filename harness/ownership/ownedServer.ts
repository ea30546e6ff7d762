// A server process the harness starts (coturn, Janus): an owned process (ownedProcess.ts: it
// never outlives the harness and is recorded for the next start to reap). Its output is kept
// (bounded) for diagnosing a failed start, and readiness is judged from the lines it prints,
// which works wherever it runs (a namespace the harness cannot reach over the network).
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { EnvironmentError } from '../errors.js';
import { SETPRIV } from '../launchers/diesWithHarness.js';
import { withTimeout } from '../teardown.js';
import { spawnOwned, stopOwned } from './ownedProcess.js';
import { removeOwnedDirectory } from './runRecord.js';

export interface OwnedServer {
  readonly child: ChildProcess;
  /** The program's name in messages, e.g. `turnserver`. */
  readonly name: string;
  /** What it printed so far (stdout and stderr, the last 200 kB). */
  output(): string;
  /** The last `lines` lines it printed, for the message when it does not start. */
  lastOutput(lines?: number): string;
  /** Resolves with its exit code or signal once it has exited (by itself, killed, or stopped). */
  readonly exited: Promise<string>;
  /** Whether it still runs. */
  running(): boolean;
  /** Resolves once every one of `lines` has appeared in its output; rejects when it exits first or after `timeoutMs`. */
  waitForOutput(lines: readonly string[], timeoutMs: number): Promise<void>;
  /** SIGTERM, SIGKILL after 3 s, then forgets it in the run's record and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface OwnedServerOptions {
  /** A command prefix that execs in place, e.g. `ip netns exec NS`; default: none (this host). */
  wrapper?: readonly string[];
  /** Its state folder (an owned directory the caller created): removed with it, also when it cannot be started. */
  folder?: string;
  /** Spawn options beyond the default pipes: environment, an extra descriptor (Xvfb's -displayfd). */
  spawn?: SpawnOptions;
}

const OUTPUT_LIMIT = 200_000;

/** setpriv is what ties the server's life to the harness: without it, nothing is started. */
export async function assertSetprivInstalled(server: string): Promise<void> {
  try {
    await access(SETPRIV, constants.X_OK);
  } catch {
    throw new EnvironmentError(
      `${SETPRIV} was not found: the embedded ${server} needs it to end together with the harness`,
      'install it with: sudo apt-get install util-linux',
    );
  }
}

/**
 * Starts `executable args` (behind `options.wrapper`) as an owned process: SIGKILL as its
 * parent-death signal, recorded in the run's record. Secrets never go in `args` (ps shows them):
 * pass a config file in the private state directory instead.
 */
export async function startOwnedServer(executable: string, args: readonly string[], options: OwnedServerOptions = {}): Promise<OwnedServer> {
  const { wrapper = [], folder, spawn } = options;
  const removeFolder = async () => (folder === undefined ? undefined : removeOwnedDirectory(folder));
  const owned = await spawnOwned(executable, args, { wrapper, ...spawn }).catch(async (error: unknown) => {
    await removeFolder();
    throw error;
  });
  const { child } = owned;
  const name = executable.split('/').at(-1) ?? executable;
  const exited = new Promise<string>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(String(child.signalCode ?? child.exitCode));
    else child.once('exit', (code, signal) => resolve(String(signal ?? code)));
  });
  // A spawn failure (no such wrapper) is an exit too; without a listener it would throw.
  child.once('error', () => undefined);
  let output = '';
  const collect = (chunk: Buffer) => {
    // Bounded: a chatty server in a long run must not grow memory without limit.
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const running = () => child.exitCode === null && child.signalCode === null;
  const exitNote = () => `${name} exited (${child.signalCode ?? child.exitCode}) before it was ready`;
  let stopping: Promise<void> | null = null;
  return {
    child,
    name,
    output: () => output,
    lastOutput: (lines = 15) => output.split('\n').slice(-lines).join('\n'),
    exited,
    running,
    waitForOutput: (lines, timeoutMs) =>
      withTimeout(
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (lines.every((line) => output.includes(line))) resolve();
            // It may have exited before this listener was attached.
            else if (!running()) reject(new Error(exitNote()));
          };
          child.stdout?.on('data', check);
          child.stderr?.on('data', check);
          void exited.then(() => setImmediate(check));
          check();
        }),
        timeoutMs,
        `starting ${name}`,
      ),
    stop: () => (stopping ??= stopOwned(owned).then(removeFolder)),
  };
}
