// A private audio output for one Firefox: Firefox runs WebAudio only when it can open an output
// stream, and a machine without a sound card has none, so its AudioContexts stay `suspended`.
// PulseAudio with nothing but a null sink (it plays into nothing, paced by its own clock) and a
// Unix socket in a 0700 folder of the state directory: no default script, no other modules, no
// TCP, nothing of the machine's or the user's audio configuration read or changed. Firefox is
// pointed at it through its environment. Started through setpriv (it dies with the harness) and
// recorded like every process we start. ALSA's null device was tried first: Firefox's cubeb
// reports 0 output channels on it and the context still never runs.
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError, errorMessage } from '../errors.js';
import { removeLeftoversBeforeStart } from '../ownership/leftovers.js';
import { startOwnedServer } from '../ownership/ownedServer.js';
import { createOwnedDirectory, newOwnedDirectoryPath } from '../ownership/runRecord.js';
import { withTimeout } from '../teardown.js';

export const PULSEAUDIO = '/usr/bin/pulseaudio';
const READY_TIMEOUT_MS = 15_000;
const READY_POLL_MS = 50;

export interface PrivateSoundServer {
  /** What a PulseAudio client needs: the server's socket, and a cookie file of its own (libpulse writes one if it finds none). */
  env: { PULSE_SERVER: string; PULSE_COOKIE: string };
  stop(): Promise<void>;
}

/** The server's command line: only the null sink and the socket in `dir`, kept alive while idle, logging to stderr. */
export function pulseaudioArgs(dir: string): string[] {
  return [
    '--daemonize=no',
    '-n', // no default.pa: nothing of the machine's configuration is loaded
    '--exit-idle-time=-1',
    '--use-pid-file=false',
    '--disallow-module-loading',
    '--log-target=stderr',
    '--load=module-null-sink sink_name=harness',
    `--load=module-native-protocol-unix auth-anonymous=1 socket=${join(dir, 'native')}`,
  ];
}

export async function pulseaudioInstalled(): Promise<boolean> {
  return access(PULSEAUDIO, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Resolves once the socket exists; rejects if the server exits first. */
async function socketReady(socket: string, exited: Promise<string>): Promise<void> {
  let gone: string | undefined;
  void exited.then((why) => (gone = why));
  await withTimeout(
    (async () => {
      for (;;) {
        if (gone !== undefined) throw new Error(`pulseaudio exited (${gone}) before it was ready`);
        if (
          await access(socket).then(
            () => true,
            () => false,
          )
        )
          return;
        await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
      }
    })(),
    READY_TIMEOUT_MS,
    'starting pulseaudio',
  );
}

export async function startPrivateSoundServer(): Promise<PrivateSoundServer> {
  await removeLeftoversBeforeStart();
  const dir = await newOwnedDirectoryPath('wh-pulse');
  await createOwnedDirectory(dir);
  // Its HOME and runtime folder are ours too: PulseAudio writes its cookie and state there, not in the user's.
  const env = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, XDG_CONFIG_HOME: dir };
  const server = await startOwnedServer(PULSEAUDIO, pulseaudioArgs(dir), { folder: dir, spawn: { env, stdio: ['ignore', 'ignore', 'pipe'] } });
  const socket = join(dir, 'native');
  try {
    await socketReady(socket, server.exited);
    return { env: { PULSE_SERVER: `unix:${socket}`, PULSE_COOKIE: join(dir, 'client-cookie') }, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw new EnvironmentError(`pulseaudio did not start: ${errorMessage(error)}\n${server.lastOutput()}`);
  }
}
