// One record per live run in the state directory: who the run is (pid + start time) and what
// it made that must not outlive it (coturn's process and folder, scenario namespaces). A thing
// is recorded BEFORE it is made where that is possible, so a kill at any moment leaves nothing
// unrecorded; the reaper (leftovers.ts) undoes the records of dead runs and touches nothing else.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import { identityOf, type ProcessIdentity } from './processIdentity.js';
import { stateDirectory } from './stateDirectory.js';

export type OwnedThing = { kind: 'process'; pid: number; startTime: string } | { kind: 'dir'; path: string } | { kind: 'namespace'; name: string };

export interface RunRecord {
  owner: ProcessIdentity;
  owns: OwnedThing[];
}

const RECORD_FILE = /^run-(\d+)-(\d+)\.json$/;
/** Names the harness gives its namespaces (topology.ts), nothing looser. */
const NAMESPACE_NAME = /^wh-\d+-[a-z0-9-]{1,40}$/;
const DIR_NAME = /^[a-z][a-z0-9-]{0,60}$/;

export function recordFileName(owner: ProcessIdentity): string {
  return `run-${owner.pid}-${owner.startTime}.json`;
}

/** The run a record file belongs to, from its name alone (also for a half-written `.tmp`). */
export function ownerOfRecordFile(fileName: string): ProcessIdentity | null {
  const match = RECORD_FILE.exec(fileName.replace(/\.tmp$/, ''));
  return match ? { pid: Number(match[1]), startTime: match[2]! } : null;
}

function validThing(value: unknown, stateDir: string): OwnedThing | null {
  if (typeof value !== 'object' || value === null) return null;
  const thing = value as Record<string, unknown>;
  if (
    thing['kind'] === 'process' &&
    Number.isSafeInteger(thing['pid']) &&
    (thing['pid'] as number) > 1 &&
    typeof thing['startTime'] === 'string' &&
    /^\d+$/.test(thing['startTime'])
  ) {
    return { kind: 'process', pid: thing['pid'] as number, startTime: thing['startTime'] };
  }
  // A folder only directly inside the state directory: a damaged record must never aim rm elsewhere.
  const path = thing['path'];
  if (
    thing['kind'] === 'dir' &&
    typeof path === 'string' &&
    isAbsolute(path) &&
    normalize(path) === path &&
    dirname(path) === stateDir &&
    DIR_NAME.test(basename(path))
  ) {
    return { kind: 'dir', path };
  }
  const name = thing['name'];
  if (thing['kind'] === 'namespace' && typeof name === 'string' && NAMESPACE_NAME.test(name)) return { kind: 'namespace', name };
  return null;
}

/** A record read back from `stateDir`, or null when anything in it is not what the harness writes. */
export function parseRunRecord(text: string, stateDir: string): RunRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { owner, owns } = value as { owner?: { pid?: unknown; startTime?: unknown }; owns?: unknown };
  if (!owner || !Number.isSafeInteger(owner.pid) || typeof owner.startTime !== 'string' || !/^\d+$/.test(owner.startTime) || !Array.isArray(owns)) return null;
  const things = owns.map((thing) => validThing(thing, stateDir));
  if (things.some((thing) => thing === null)) return null;
  return { owner: { pid: owner.pid as number, startTime: owner.startTime }, owns: things as OwnedThing[] };
}

const sameThing = (a: OwnedThing, b: OwnedThing) => JSON.stringify(a) === JSON.stringify(b);

// This process's own record. Writes are chained so concurrent claims never interleave.
let ledger: Promise<{ file: string; record: RunRecord }> | undefined;
let writes: Promise<void> = Promise.resolve();

async function openLedger(): Promise<{ file: string; record: RunRecord }> {
  const owner = await identityOf(process.pid);
  if (!owner) throw new Error(`cannot read this process's own start time from /proc/${process.pid}/stat`);
  return { file: join(await stateDirectory(), recordFileName(owner)), record: { owner, owns: [] } };
}

function update(change: (owns: OwnedThing[]) => OwnedThing[]): Promise<void> {
  ledger ??= openLedger();
  const opened = ledger;
  const write = writes.then(async () => {
    const { file, record } = await opened;
    record.owns = change(record.owns);
    if (record.owns.length === 0) return rm(file, { force: true });
    // Written aside and renamed, so a reader never sees half a record.
    await writeFile(`${file}.tmp`, JSON.stringify(record), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  });
  writes = write.catch(() => undefined);
  return write;
}

/** Records that this run owns `thing`; the reaper undoes it if the run dies without releasing it. */
export function claim(thing: OwnedThing): Promise<void> {
  return update((owns) => [...owns, thing]);
}

/** Forgets `thing` once this run has undone it itself. */
export function release(thing: OwnedThing): Promise<void> {
  return update((owns) => owns.filter((owned) => !sameThing(owned, thing)));
}

/** An unguessable name for a new folder in the state directory; nothing is created yet. */
export async function newOwnedDirectoryPath(prefix: string): Promise<string> {
  return join(await stateDirectory(), `${prefix}-${randomBytes(6).toString('hex')}`);
}

/** Creates the private folder (mode 0700; fails if the name exists), recorded before it exists. */
export async function createOwnedDirectory(path: string): Promise<void> {
  await claim({ kind: 'dir', path });
  await mkdir(path, { mode: 0o700 }).catch(async (error: unknown) => {
    // Not made by us (e.g. the name existed): the record must not claim it.
    await release({ kind: 'dir', path });
    throw error;
  });
}

export async function removeOwnedDirectory(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
  await release({ kind: 'dir', path });
}
