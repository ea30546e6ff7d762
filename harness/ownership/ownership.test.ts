// Run records and the leftover sweep, against a private state directory and real (harmless)
// `sleep` processes: what a dead run recorded is undone, nothing else is touched.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, lchownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeLeftovers } from './leftovers.js';
import { identityOf, parseStartTime, type ProcessIdentity } from './processIdentity.js';
import { type OwnedThing, parseRunRecord, recordFileName, type RunRecord } from './runRecord.js';
import { chooseStateDirectory, openStateDirectory } from './stateDirectory.js';

const sleepers: ChildProcess[] = [];
afterAll(() => sleepers.forEach((s) => s.kill('SIGKILL')));

async function sleeper(): Promise<ProcessIdentity> {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  sleepers.push(child);
  const identity = await identityOf(child.pid!);
  if (!identity) throw new Error('sleep did not start');
  return identity;
}

function exited(identity: ProcessIdentity): Promise<boolean> {
  const child = sleepers.find((s) => s.pid === identity.pid)!;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => child.once('exit', () => resolve(true)));
}

describe('process identity', () => {
  it('reads the start time (field 22) even when the command name holds spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3))
      .slice(1)
      .join(' ');
    expect(parseStartTime(`1234 (evil) name (x) S ${fields}`)).toBe('22');
    expect(parseStartTime('1234 (short) S 1')).toBeNull();
  });

  it('a zombie (ended, waiting to be reaped) is no running process', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3))
      .slice(1)
      .join(' ');
    expect(parseStartTime(`1234 (turnserver) Z ${fields}`)).toBeNull();
  });

  it('names a live process by pid and start time, and a missing one as null', async () => {
    expect((await identityOf(process.pid))?.startTime).toMatch(/^\d+$/);
    expect(await identityOf(2 ** 22 + 1)).toBeNull();
  });
});

describe('state directory', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'wh-state-test-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is /run/webrtc-harness for root, the runtime dir or a per-user temp folder otherwise', () => {
    expect(chooseStateDirectory({ uid: 0, runtimeDir: '/run/user/0', tmp: '/tmp' })).toBe('/run/webrtc-harness');
    expect(chooseStateDirectory({ uid: 1000, runtimeDir: '/run/user/1000', tmp: '/tmp' })).toBe('/run/user/1000/webrtc-harness');
    expect(chooseStateDirectory({ uid: 1000, runtimeDir: undefined, tmp: '/tmp' })).toBe('/tmp/webrtc-harness-1000');
  });

  it('is created private (0700)', async () => {
    const path = await openStateDirectory(join(root, 'state'));
    expect(statSync(path).mode & 0o777).toBe(0o700);
  });

  it('refuses a symbolic link and a folder open to others', async () => {
    mkdirSync(join(root, 'elsewhere'), { mode: 0o700 });
    symlinkSync(join(root, 'elsewhere'), join(root, 'link'));
    await expect(openStateDirectory(join(root, 'link'))).rejects.toThrow(/is a symbolic link/);
    mkdirSync(join(root, 'open'));
    chmodSync(join(root, 'open'), 0o755);
    await expect(openStateDirectory(join(root, 'open'))).rejects.toThrow(/open to other users/);
  });

  it.runIf(process.getuid?.() === 0)('refuses a folder owned by someone else', async () => {
    mkdirSync(join(root, 'foreign'), { mode: 0o700 });
    lchownSync(join(root, 'foreign'), 65534, 65534);
    await expect(openStateDirectory(join(root, 'foreign'))).rejects.toThrow(/belongs to uid 65534/);
  });
});

describe('run records', () => {
  const dir = '/run/webrtc-harness';
  const record = (owns: unknown[]) => JSON.stringify({ owner: { pid: 10, startTime: '99' }, owns });

  it('read back only as the harness writes them', () => {
    expect(
      parseRunRecord(
        record([
          { kind: 'dir', path: `${dir}/wh-coturn-ab12` },
          { kind: 'namespace', name: 'wh-10-0-ab12-cli' },
          { kind: 'process', pid: 11, startTime: '100' },
        ]),
        dir,
      )?.owns,
    ).toHaveLength(3);
  });

  it.each([
    ['a folder outside the state directory', { kind: 'dir', path: '/home/user' }],
    ['a folder climbing out of it', { kind: 'dir', path: `${dir}/../../etc` }],
    ['the state directory itself', { kind: 'dir', path: dir }],
    ['a namespace not named like ours', { kind: 'namespace', name: 'production-vpn' }],
    ['process 1', { kind: 'process', pid: 1, startTime: '1' }],
    ['a process without a start time', { kind: 'process', pid: 4242 }],
  ])('a record naming %s is refused whole', (_label, thing) => {
    expect(parseRunRecord(record([{ kind: 'dir', path: `${dir}/wh-coturn-ab12` }, thing]), dir)).toBeNull();
  });
});

describe('removeLeftovers', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'wh-state-test-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));
  const write = (record: RunRecord) => writeFileSync(join(stateDir, recordFileName(record.owner)), JSON.stringify(record));
  const ownedDir = (name: string) => {
    const path = join(stateDir, name);
    mkdirSync(path);
    writeFileSync(join(path, 'turnserver.conf'), 'user=u:secret\n');
    return path;
  };

  it('a dead run (its pid now another process): kills its recorded process, removes its folder and record', async () => {
    const deadOwner = { pid: (await sleeper()).pid, startTime: '1' }; // a pid reused by a process started later
    const coturn = await sleeper();
    const folder = ownedDir('wh-coturn-dead');
    const owns: OwnedThing[] = [
      { kind: 'process', ...coturn },
      { kind: 'dir', path: folder },
    ];
    write({ owner: deadOwner, owns });
    const sweep = await removeLeftovers(stateDir);
    expect(sweep).toEqual({ removed: owns, failures: [] });
    expect(await exited(coturn)).toBe(true);
    expect(existsSync(folder)).toBe(false);
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('a recorded pid now held by a process started later is not killed', async () => {
    const stranger = await sleeper();
    write({ owner: { pid: 2 ** 22 + 1, startTime: '5' }, owns: [{ kind: 'process', pid: stranger.pid, startTime: String(Number(stranger.startTime) - 1) }] });
    await removeLeftovers(stateDir);
    expect(await identityOf(stranger.pid)).toEqual(stranger);
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('a live run is left alone, and so is everything no record names', async () => {
    const live = await sleeper();
    const coturn = await sleeper();
    const liveFolder = ownedDir('wh-coturn-live');
    const unrecorded = ownedDir('wh-coturn-unrecorded');
    write({
      owner: live,
      owns: [
        { kind: 'process', ...coturn },
        { kind: 'dir', path: liveFolder },
      ],
    });
    expect(await removeLeftovers(stateDir)).toEqual({ removed: [], failures: [] });
    expect(await identityOf(coturn.pid)).toEqual(coturn);
    expect(existsSync(liveFolder) && existsSync(unrecorded)).toBe(true);
    expect(readdirSync(stateDir)).toContain(recordFileName(live));
  });

  it('a record that is not what the harness writes is reported and left alone, its folder kept', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'wh-not-ours-'));
    const file = join(stateDir, recordFileName({ pid: 2 ** 22 + 1, startTime: '5' }));
    writeFileSync(file, JSON.stringify({ owner: { pid: 2 ** 22 + 1, startTime: '5' }, owns: [{ kind: 'dir', path: outside }] }));
    const sweep = await removeLeftovers(stateDir);
    expect(sweep.failures).toEqual([`${file}: not a record this harness wrote; left alone`]);
    expect(existsSync(outside) && existsSync(file)).toBe(true);
    rmSync(outside, { recursive: true });
  });
});
