// `webrtc-harness serve` as a child process for e2e tests and benches: any free HTTP and TURN port,
// relay and Janus media ranges picked at random away from the defaults (so runs side by side rarely share one), the
// origin it prints, and a stop that says whether any of its processes (coturn) outlived it.
import { type CliRun, startCli } from './cli.js';
import { isAlive, processTree } from './processes.js';

export interface Serving {
  run: CliRun;
  /** The origin serve printed for visitors. */
  origin: string;
}

/**
 * `args`: what the caller adds (--db, --host, --admin-token-file...); `env`: secrets by environment;
 * `prefix`: where it runs (`ip netns exec <namespace>`: a scenario's public network).
 */
export async function startServe(args: readonly string[], env: NodeJS.ProcessEnv = {}, prefix: readonly string[] = []): Promise<Serving> {
  const relayBase = 30_000 + Math.floor(Math.random() * 190) * 100;
  const run = startCli(
    [
      'serve',
      '--port',
      '0',
      '--turn-port',
      '0',
      '--relay-ports',
      `${relayBase}-${relayBase + 99}`,
      '--media-ports',
      `${relayBase + 100}-${relayBase + 199}`,
      ...args,
    ],
    env,
    undefined,
    { prefix },
  );
  const line = await run.waitForLine(/Open this on the machine to check: /);
  return { run, origin: new URL(/(https?:\/\/\S+)/.exec(line)![1]!).origin };
}

export const isServing = ({ run }: Serving) => run.child.exitCode === null && run.child.signalCode === null;

/**
 * SIGTERM, as systemd stops it (SIGKILL: as it dies); resolves with its exit and the pids of its
 * tree still alive after a bounded wait.
 */
export async function stopServe({ run }: Serving, signal: NodeJS.Signals = 'SIGTERM') {
  const tree = processTree(run.child.pid!);
  run.child.kill(signal);
  const exit = await run.done;
  // coturn is stopped by serve's teardown, and by its parent-death signal should that fail (or on SIGKILL).
  for (const deadline = Date.now() + 10_000; Date.now() < deadline && tree.some(isAlive); ) await new Promise((r) => setTimeout(r, 50));
  return { exit, leftovers: tree.filter(isAlive) };
}
