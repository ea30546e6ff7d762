// Writes a command's output files so that the output folder never holds a half-written set
// and never loses a file the harness did not write. All files go to a hidden temp folder
// beside it (same file system); only when every one is written, and every check passed, do
// they move in, each by an atomic rename. On failure or Ctrl-C the temp folder is removed and
// the output folder is as it was.
//
// Whose files are whose: each output folder gets a manifest (OUTPUT_MANIFEST) listing the
// files the harness wrote there and which command wrote them. A command may replace its own
// earlier files, and removes those of them it does not write again (a chart that is gone);
// anything else in the folder is the user's: refused unless --force, and even then only the
// files being written are replaced, nothing is deleted. Symbolic links are never followed:
// a linked folder or file where output would go is refused, --force or not.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { terminalSafe } from '../../core/sanitize.js';
import { writeFileAtomic } from '../../reports/writeFileAtomic.js';
import { UsageError } from '../errors.js';

export const OUTPUT_MANIFEST = '.webrtc-harness-files.json';

/** Far above any real manifest; a larger one is not ours. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** What the harness writes: a name, or a name in one subfolder (`csv/01-bitrate-1.csv`); never `..` or hidden. */
const OUTPUT_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)?[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** How many of the user's files a refusal names. */
const NAMED = 5;

export interface OutputOptions {
  /** The command writing, e.g. `stats chart`: recorded per file in the manifest. */
  writer: string;
  /** The user said --force: write into a folder that holds files of theirs, replacing the ones of the same name. */
  force: boolean;
  /**
   * `folder`: the folder is the command's (--out DIR): it must be new, empty or hold only files
   * the harness wrote. `files`: the folder is the user's (report html beside a results.json):
   * only the files being written must not be theirs.
   */
  claim: 'folder' | 'files';
}

type Owners = Map<string, string>;

const exists = <T>(promise: Promise<T>) => promise.catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));

/** The files the manifest says the harness wrote, by path; none when it is missing or not one of ours. */
async function readOwners(target: string): Promise<Owners> {
  const path = join(target, OUTPUT_MANIFEST);
  const info = await exists(lstat(path));
  if (!info?.isFile() || info.size > MAX_MANIFEST_BYTES) return new Map();
  let files: unknown;
  try {
    files = (JSON.parse(await readFile(path, 'utf8')) as { files?: unknown }).files;
  } catch {
    return new Map();
  }
  if (typeof files !== 'object' || files === null || Array.isArray(files)) return new Map();
  return new Map(Object.entries(files).filter((entry): entry is [string, string] => OUTPUT_PATH.test(entry[0]) && typeof entry[1] === 'string'));
}

/** Entries under `dir` (relative to `target`) that are not the harness's: up to `limit` of them. */
async function foreignEntries(target: string, owners: Owners, dir = '', limit = NAMED): Promise<string[]> {
  const foreign: string[] = [];
  for (const entry of await readdir(join(target, dir), { withFileTypes: true })) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (path === OUTPUT_MANIFEST || (entry.isFile() && owners.has(path))) continue;
    if (entry.isDirectory() && !dir) foreign.push(...(await foreignEntries(target, owners, path, limit - foreign.length)));
    else foreign.push(entry.isDirectory() ? `${path}/` : path);
    if (foreign.length >= limit) break;
  }
  return foreign;
}

/** Names in it come from the file system (anyone's file names): made safe for the terminal. */
const refusal = (outDir: string, what: string) => new UsageError(terminalSafe(`output folder ${outDir} ${what}`));

/** The output folder as it is now: whether it exists and whose files are in it. Refuses a symbolic link, a file, or (claim `folder`, no --force) a folder with the user's files. */
async function inspect(outDir: string, options: OutputOptions): Promise<{ target: string; existing: boolean; owners: Owners }> {
  const target = resolve(outDir);
  const info = await exists(lstat(target));
  if (info?.isSymbolicLink()) throw refusal(outDir, 'is a symbolic link; refused (give the folder it points to, if that is where the files should go)');
  if (info && !info.isDirectory()) throw refusal(outDir, 'is a file, not a folder');
  const owners = info ? await readOwners(target) : new Map<string, string>();
  if (info && options.claim === 'folder' && !options.force) {
    const foreign = await foreignEntries(target, owners);
    if (foreign.length) {
      throw refusal(
        outDir,
        `holds files webrtc-harness did not write (${foreign.join(', ')}${foreign.length >= NAMED ? ', ...' : ''}); choose a new or empty folder, or pass --force to write into it (only the files of the same name are replaced, nothing is deleted)`,
      );
    }
  }
  return { target, existing: info !== undefined, owners };
}

/** Checks the output folder before any work is done, so a refusal costs nothing (withStagedOutput checks again). */
export async function checkOutput(outDir: string, options: OutputOptions): Promise<void> {
  await inspect(outDir, options);
}

/** The files under `dir`, relative to it, in one level of subfolders at most (what the commands write). */
async function filesIn(dir: string, sub = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
    const path = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await filesIn(dir, path)));
    else files.push(path);
  }
  return files;
}

/** Every place a new file goes is checked before the first one moves: no link, no folder in the way, no user's file without --force. */
async function checkDestinations(outDir: string, target: string, files: readonly string[], owners: Owners, force: boolean): Promise<void> {
  const parents = new Set(files.filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/'))));
  for (const parent of parents) {
    const info = await exists(lstat(join(target, parent)));
    if (info && !info.isDirectory())
      throw refusal(outDir, `has ${parent} where a folder of that name goes (${info.isSymbolicLink() ? 'a symbolic link' : 'a file'}); refused`);
  }
  for (const file of [...files, OUTPUT_MANIFEST]) {
    const info = await exists(lstat(join(target, file)));
    if (!info) continue;
    if (!info.isFile()) throw refusal(outDir, `has ${file} as ${info.isSymbolicLink() ? 'a symbolic link' : 'a folder'}; refused`);
    if (file !== OUTPUT_MANIFEST && !owners.has(file) && !force)
      throw refusal(outDir, `already has ${file}, which webrtc-harness did not write; pass --force to replace it`);
  }
}

/** Removes the files this command wrote before and did not write again, and subfolders left empty by that. */
async function removeStale(target: string, owners: Owners, writer: string, written: ReadonlySet<string>): Promise<void> {
  for (const [file, owner] of owners) {
    if (owner !== writer || written.has(file)) continue;
    const path = join(target, file);
    if ((await exists(lstat(path)))?.isFile()) await rm(path);
    owners.delete(file);
    if (file.includes('/')) await rmdir(dirname(path)).catch(() => undefined);
  }
}

const manifestText = (owners: Owners) =>
  `${JSON.stringify({ about: 'Files webrtc-harness wrote in this folder, and which command wrote them; it replaces only these.', files: Object.fromEntries([...owners].sort()) }, null, 2)}\n`;

/**
 * Runs `fill` on an empty staging folder, then moves what it wrote into `outDir` (see the top
 * of this file for what may be replaced). Throws UsageError, with nothing touched, when the
 * folder or a file in the way is not the harness's to replace.
 */
export async function withStagedOutput<T>(outDir: string, options: OutputOptions, fill: (staging: string) => Promise<T>): Promise<T> {
  const { target, existing, owners } = await inspect(outDir, options);
  await mkdir(dirname(target), { recursive: true });
  // mkdir, not mkdtemp: the folder becomes the output, so it gets the usual permissions, not 0700.
  const staging = join(dirname(target), `.${basename(target)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(staging);
  try {
    const result = await fill(staging);
    const files = await filesIn(staging);
    for (const file of files) owners.set(file, options.writer);
    if (!existing) {
      await writeFile(join(staging, OUTPUT_MANIFEST), manifestText(owners));
      await rename(staging, target);
      return result;
    }
    await checkDestinations(outDir, target, files, await readOwners(target), options.force);
    for (const file of files) {
      if (file.includes('/')) await mkdir(join(target, dirname(file)), { recursive: true });
      await rename(join(staging, file), join(target, file));
    }
    await removeStale(target, owners, options.writer, new Set(files));
    await writeFileAtomic(join(target, OUTPUT_MANIFEST), manifestText(owners));
    return result;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
