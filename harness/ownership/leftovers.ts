// Undoes what dead runs left behind (a run killed with SIGKILL never reaches its teardown).
// Only what a dead run's own record names is touched, and a recorded process only when it is
// still the very process recorded (same start time): a foreign namespace, folder or process,
// even one named like ours, is never ours to remove.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../errors.js';
import { deleteNamespace } from '../network/namespaceCommands.js';
import { isRunning } from './processIdentity.js';
import { type OwnedThing, ownerOfRecordFile, parseRunRecord } from './runRecord.js';
import { stateDirectory } from './stateDirectory.js';

export interface LeftoverSweep {
  removed: OwnedThing[];
  /** Things that could not be removed; their record stays, so the next start tries again. */
  failures: string[];
}

async function undo(thing: OwnedThing): Promise<void> {
  if (thing.kind === 'process') {
    if (await isRunning(thing)) process.kill(thing.pid, 'SIGKILL');
  } else if (thing.kind === 'namespace') {
    await deleteNamespace(thing.name);
  } else {
    await rm(thing.path, { recursive: true, force: true });
  }
}

// Processes first (they may hold the folders), then namespaces, then folders.
const ORDER: Record<OwnedThing['kind'], number> = { process: 0, namespace: 1, dir: 2 };

export async function removeLeftovers(stateDir?: string): Promise<LeftoverSweep> {
  const dir = stateDir ?? (await stateDirectory());
  const sweep: LeftoverSweep = { removed: [], failures: [] };
  for (const name of await readdir(dir)) {
    const owner = ownerOfRecordFile(name);
    if (!owner || (await isRunning(owner))) continue;
    const file = join(dir, name);
    if (name.endsWith('.tmp')) {
      await rm(file, { force: true });
      continue;
    }
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue; // another start swept it meanwhile
    const record = parseRunRecord(text, dir);
    if (!record) {
      sweep.failures.push(`${file}: not a record this harness wrote; left alone`);
      continue;
    }
    let undone = true;
    for (const thing of [...record.owns].sort((a, b) => ORDER[a.kind] - ORDER[b.kind])) {
      try {
        await undo(thing);
        sweep.removed.push(thing);
      } catch (error) {
        undone = false;
        sweep.failures.push(`${thing.kind} ${JSON.stringify(thing)}: ${errorMessage(error)}`);
      }
    }
    if (undone) await rm(file, { force: true });
  }
  return sweep;
}

/** removeLeftovers at the start of a run: what could not be removed is worth a warning, never a failed run. */
export async function removeLeftoversBeforeStart(): Promise<void> {
  const { failures } = await removeLeftovers();
  for (const failure of failures) process.stderr.write(`webrtc-harness: leftover of an earlier run: ${failure}\n`);
}
