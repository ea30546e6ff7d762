// Trust in a certificate authority for one launched browser only. Chromium and Firefox on
// Linux both verify certificates (turns: included) against NSS databases: Chromium reads
// $HOME/.pki/nssdb, Firefox its profile's cert9.db. The harness makes a fresh database in a
// folder of its own, adds the authority with certutil (Debian's libnss3-tools) and points the
// browser at it; the machine's trust store and the user's own profiles are never touched, and
// the folder is removed with the browser.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { EnvironmentError } from '../errors.js';
import { createOwnedDirectory, newOwnedDirectoryPath, removeOwnedDirectory } from '../ownership/runRecord.js';

const execFileAsync = promisify(execFile);
export const CERTUTIL = 'certutil';

/** A folder of ours holding an NSS database that trusts the given authorities. */
export interface TrustFolder {
  /** The folder made (removed by `remove`). */
  path: string;
  remove(): Promise<void>;
}

async function certutil(args: readonly string[]): Promise<void> {
  await execFileAsync(CERTUTIL, args, { timeout: 15_000 }).catch((error: unknown) => {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new EnvironmentError(
      missing
        ? "certutil was not found: launched browsers cannot be told to trust the run's certificate authority"
        : `certutil failed: ${String(error instanceof Error ? error.message : error)}`,
      'install it with: sudo apt-get install libnss3-tools',
    );
  });
}

/** Creates an empty NSS database (no password) in `dir` and adds each authority as trusted for TLS servers ('C,,'). */
export async function writeNssDatabase(dir: string, authorityFiles: readonly string[]): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await certutil(['-N', '-d', `sql:${dir}`, '--empty-password']);
  for (const [i, file] of authorityFiles.entries()) {
    await certutil(['-A', '-d', `sql:${dir}`, '-n', `webrtc-harness run authority ${i + 1}`, '-t', 'C,,', '-i', file]);
  }
}

/**
 * A new owned folder (recorded, so a crashed run's folder is swept) with an NSS database at
 * `databaseAt(folder)` that trusts `authorityFiles`.
 */
export async function trustFolder(prefix: string, authorityFiles: readonly string[], databaseAt: (folder: string) => string): Promise<TrustFolder> {
  const path = await newOwnedDirectoryPath(prefix);
  await createOwnedDirectory(path);
  try {
    await writeNssDatabase(databaseAt(path), authorityFiles);
  } catch (error) {
    await removeOwnedDirectory(path);
    throw error;
  }
  return { path, remove: () => removeOwnedDirectory(path) };
}
