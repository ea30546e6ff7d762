// coturn never outlives the harness, and the next start removes what a killed run left, and
// only that: a run is killed with SIGKILL (no teardown runs), then a clean run starts.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { identityOf, isRunning, type ProcessIdentity } from '../../harness/ownership/processIdentity.js';
import { parseRunRecord, recordFileName } from '../../harness/ownership/runRecord.js';
import { stateDirectory } from '../../harness/ownership/stateDirectory.js';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import type { HeldTurn } from '../support/embeddedTurnHolder.js';

const HOLDER = join(PACKAGE_ROOT, 'dist', 'test', 'support', 'embeddedTurnHolder.js');
const namespaces = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
const isRoot = process.getuid?.() === 0;

/** What a test started, undone even when it fails half-way. */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs the holder; resolves once it has started coturn, with coturn's process and folder as its run record names them. */
async function holdTurn(args: string[]): Promise<{ coturn: ProcessIdentity; folder: string; held: HeldTurn; kill: () => void }> {
  const child = spawn(process.execPath, [HOLDER, 'hold', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const kill = () => child.kill('SIGKILL');
  cleanups.push(kill);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (chunk: string) => resolve(chunk));
    child.once('exit', (code) => reject(new Error(`holder exited (${code}) before coturn was up: ${stderr}`)));
  });
  const stateDir = await stateDirectory();
  const record = parseRunRecord(readFileSync(join(stateDir, recordFileName((await identityOf(child.pid!))!)), 'utf8'), stateDir);
  const coturn = record?.owns.find((thing) => thing.kind === 'process');
  const folder = record?.owns.find((thing) => thing.kind === 'dir');
  if (coturn?.kind !== 'process' || folder?.kind !== 'dir') throw new Error(`the run record names no coturn process and folder: ${JSON.stringify(record)}`);
  // The record's process is coturn itself, reading the config in the recorded folder.
  expect(readFileSync(`/proc/${coturn.pid}/cmdline`, 'utf8').split('\0')).toEqual(['/usr/bin/turnserver', '-c', join(folder.path, 'turnserver.conf'), '']);
  cleanups.push(async () => (await isRunning(coturn)) && process.kill(coturn.pid, 'SIGKILL'));
  return { coturn, folder: folder.path, held: JSON.parse(line) as HeldTurn, kill };
}

/** A clean start and teardown of the same kind, as the next harness run would do. */
function nextStart(args: string[]): void {
  execFileSync(process.execPath, [HOLDER, 'once', ...args], { timeout: 60_000 });
}

async function gone(identity: ProcessIdentity, limitMs = 30_000): Promise<boolean> {
  for (const deadline = Date.now() + limitMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    if (!(await isRunning(identity))) return true;
  }
  return false;
}

describe('coturn lifetime', () => {
  it('SIGKILL of the harness ends coturn at once; the next start removes its folder (credentials, TLS key)', async () => {
    const { coturn, folder, kill } = await holdTurn([]);
    expect(await isRunning(coturn)).toBe(true);
    expect(existsSync(join(folder, 'turnserver.conf'))).toBe(true);
    kill();
    expect(await gone(coturn), 'turnserver still running after the harness was SIGKILLed').toBe(true);
    nextStart([]);
    expect(existsSync(folder)).toBe(false);
  });

  it.runIf(isRoot)("a killed scenario run's namespaces (and what runs in them) go at the next start; foreign ones named like ours stay", async () => {
    const foreign = ['wh-999999-other', 'wh-999999-0-cli'];
    for (const name of foreign) execFileSync('ip', ['netns', 'add', name]);
    cleanups.push(() => foreign.filter((name) => namespaces().includes(name)).forEach((name) => execFileSync('ip', ['netns', 'delete', name])));
    const parkedChild = spawn('ip', ['netns', 'exec', 'wh-999999-other', 'sleep', '600'], { stdio: 'ignore' });
    cleanups.push(() => parkedChild.kill('SIGKILL'));
    const parked = (await identityOf(parkedChild.pid!))!;
    const { coturn, folder, held, kill } = await holdTurn(['--scenario', 'open']);
    cleanups.push(() => held.namespaces.filter((name) => namespaces().includes(name)).forEach((name) => execFileSync('ip', ['netns', 'delete', name])));
    expect(held.namespaces).toHaveLength(3);
    // The client namespace's own hosts file (the TURN server's name for turns:) goes with it.
    const etc = held.namespaces.map((name) => `/etc/netns/${name}`).filter((dir) => existsSync(dir));
    expect(etc).toHaveLength(1);
    kill();
    expect(await gone(coturn), 'turnserver still running after the harness was SIGKILLed').toBe(true);
    nextStart(['--scenario', 'open']);
    const listed = namespaces();
    for (const name of held.namespaces) expect(listed).not.toContain(name);
    for (const name of foreign) expect(listed).toContain(name);
    expect(await isRunning(parked), 'a process in a foreign namespace was killed').toBe(true);
    expect(existsSync(folder)).toBe(false);
    for (const dir of etc) expect(existsSync(dir), dir).toBe(false);
  });
});
