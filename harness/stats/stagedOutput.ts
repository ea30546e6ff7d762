// Writes a command's output files so the output folder never holds a half-written set: all
// files go to a hidden temp folder beside it (same file system), and only when every one is
// written do they move in, each by an atomic rename. On failure or Ctrl-C the temp folder is
// removed and the output folder is as it was.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

export async function withStagedOutput<T>(outDir: string, fill: (staging: string) => Promise<T>): Promise<T> {
  const target = resolve(outDir);
  const existing = await stat(target).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new UsageError(`--out ${outDir} is a file, not a folder`);
  await mkdir(dirname(target), { recursive: true });
  // mkdir, not mkdtemp: the folder becomes the output, so it gets the usual permissions, not 0700.
  const staging = join(dirname(target), `.${basename(target)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(staging);
  try {
    const result = await fill(staging);
    if (!existing) await rename(staging, target);
    else {
      for (const entry of await readdir(staging)) {
        // A folder of the same name from an earlier run (csv/, png/) is replaced whole, not merged.
        await rm(join(target, entry), { recursive: true, force: true });
        await rename(join(staging, entry), join(target, entry));
      }
      await rm(staging, { recursive: true, force: true });
    }
    return result;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
