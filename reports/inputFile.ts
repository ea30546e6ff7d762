// Input files are checked before they are opened: opening a FIFO with no writer blocks a
// libuv thread for good (and with it Ctrl-C handling that needs the thread pool), a folder or
// a device is no file to read, and a file too large for one string must be named, not crash.
import { stat } from 'node:fs/promises';

/** The input is no regular file; the message says what it is instead (without the path). */
export class NotAFileError extends Error {
  override readonly name = 'NotAFileError';
}

/** The size of the regular file at `path` (symlinks followed); throws NotAFileError for anything else. */
export async function regularFileSize(path: string): Promise<number> {
  const info = await stat(path);
  if (info.isFile()) return info.size;
  const what = info.isDirectory() ? 'a directory' : info.isFIFO() ? 'a FIFO (named pipe)' : info.isSocket() ? 'a socket' : 'a device';
  throw new NotAFileError(`${what}, not a file; refused`);
}

/** Why an input could not be read, as a user can act on it: `cannot read it (no such file)`. */
export function inputFileProblem(error: unknown): string {
  if (error instanceof NotAFileError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : (code ?? (error instanceof Error ? error.message : String(error)));
  return `cannot read it (${reason})`;
}
