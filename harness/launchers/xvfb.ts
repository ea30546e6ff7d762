// A private X display for a browser that needs one (WebKitGTK's MiniBrowser has no headless
// mode): Xvfb on a display number it picks itself (-displayfd, so two runs never race for one),
// no TCP listener, and cookie authentication with a fresh cookie in a 0700 folder of the state
// directory, so no other local user's client can connect to it, look at it or inject input.
// Started through setpriv (it dies with the harness) and recorded like every process we start.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError, errorMessage } from '../errors.js';
import { removeLeftoversBeforeStart } from '../ownership/leftovers.js';
import { startOwnedServer } from '../ownership/ownedServer.js';
import { createOwnedDirectory, newOwnedDirectoryPath, removeOwnedDirectory } from '../ownership/runRecord.js';
import { withTimeout } from '../teardown.js';

const execFileAsync = promisify(execFile);

export const XVFB = '/usr/bin/Xvfb';
export const XAUTH = '/usr/bin/xauth';
const READY_TIMEOUT_MS = 15_000;

export interface PrivateDisplay {
  /** What a client needs: DISPLAY and XAUTHORITY. */
  env: { DISPLAY: string; XAUTHORITY: string };
  stop(): Promise<void>;
}

export async function assertXvfbInstalled(): Promise<void> {
  for (const [program, aptPackage] of [
    [XVFB, 'xvfb'],
    [XAUTH, 'xauth'],
  ] as const) {
    try {
      await access(program, constants.X_OK);
    } catch {
      throw new EnvironmentError(`${program} was not found: WebKitGTK needs a private X display`, `install it with: sudo apt-get install ${aptPackage}`);
    }
  }
}

/** Adds the cookie for `display` to the authority file (the server reads every entry; a client looks up its display's). */
async function addCookie(authFile: string, display: string, cookie: string): Promise<void> {
  await execFileAsync(XAUTH, ['-q', '-f', authFile, 'add', display, '.', cookie], { timeout: 10_000 });
}

/** Reads the display number Xvfb writes to fd 3 once it accepts connections. */
function displayNumber(stream: NodeJS.ReadableStream, exited: Promise<string>): Promise<number> {
  return withTimeout(
    Promise.race([
      new Promise<number>((resolve) => {
        let text = '';
        stream.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          const match = /^(\d+)\n/.exec(text);
          if (match) resolve(Number(match[1]));
        });
      }),
      exited.then((why) => Promise.reject(new Error(`Xvfb exited (${why}) before it was ready`))),
    ]),
    READY_TIMEOUT_MS,
    'starting Xvfb',
  );
}

export async function startPrivateDisplay(): Promise<PrivateDisplay> {
  await assertXvfbInstalled();
  await removeLeftoversBeforeStart();
  const dir = await newOwnedDirectoryPath('wh-xvfb');
  await createOwnedDirectory(dir);
  const authFile = join(dir, 'Xauthority');
  const cookie = randomBytes(16).toString('hex');
  try {
    // Written before the server starts: it reads its cookies at start.
    await addCookie(authFile, ':0', cookie);
  } catch (error) {
    await removeOwnedDirectory(dir);
    throw new EnvironmentError(`could not write the X authority file: ${errorMessage(error)}`);
  }
  const server = await startOwnedServer(XVFB, ['-displayfd', '3', '-nolisten', 'tcp', '-auth', authFile, '-screen', '0', '1280x1024x24'], {
    folder: dir,
    spawn: { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] },
  });
  try {
    const display = `:${await displayNumber(server.child.stdio[3] as NodeJS.ReadableStream, server.exited)}`;
    await addCookie(authFile, display, cookie);
    return { env: { DISPLAY: display, XAUTHORITY: authFile }, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw new EnvironmentError(`Xvfb did not start: ${errorMessage(error)}\n${server.lastOutput()}`);
  }
}
