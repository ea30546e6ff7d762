// Where the harness keeps what it must find again after a crash: one record per live run and
// the embedded coturn's folder (config with credentials, TLS key). Private to the user: a
// directory another user could plant, link or read is refused, never used.
import { lstat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';

export interface StateDirectoryContext {
  uid: number;
  /** $XDG_RUNTIME_DIR, the user's private runtime directory when a login session provides one. */
  runtimeDir: string | undefined;
  tmp: string;
}

export function chooseStateDirectory(context: StateDirectoryContext): string {
  if (context.uid === 0) return '/run/webrtc-harness';
  if (context.runtimeDir) return join(context.runtimeDir, 'webrtc-harness');
  return join(context.tmp, `webrtc-harness-${context.uid}`);
}

function currentContext(): StateDirectoryContext {
  return { uid: process.getuid?.() ?? 0, runtimeDir: process.env['XDG_RUNTIME_DIR'] || undefined, tmp: tmpdir() };
}

/** Creates the directory (mode 0700) if needed and checks it is a real directory, ours, and closed to others. */
export async function openStateDirectory(path = chooseStateDirectory(currentContext())): Promise<string> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  const stat = await lstat(path);
  const uid = process.getuid?.() ?? 0;
  const refuse = (why: string) =>
    new EnvironmentError(
      `the harness's state directory ${path} ${why}; it is not used`,
      `remove it (or fix it) and run again; it must be a directory owned by uid ${uid} with mode 0700`,
    );
  if (stat.isSymbolicLink()) throw refuse('is a symbolic link');
  if (!stat.isDirectory()) throw refuse('is not a directory');
  if (stat.uid !== uid) throw refuse(`belongs to uid ${stat.uid}`);
  if ((stat.mode & 0o077) !== 0) throw refuse(`is open to other users (mode ${(stat.mode & 0o777).toString(8)})`);
  return path;
}

let opened: Promise<string> | undefined;

/** This process's state directory, opened once. */
export function stateDirectory(): Promise<string> {
  opened ??= openStateDirectory().catch((error: unknown) => {
    opened = undefined;
    throw error;
  });
  return opened;
}
