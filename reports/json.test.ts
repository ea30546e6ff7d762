import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonReporter } from './json.js';
import { sampleRun } from '../test/support/sampleRun.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** Set to make the next rename of node:fs/promises fail with this error (then it is cleared). */
const failRename = vi.hoisted(() => ({ next: undefined as Error | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof fs.rename = (from, to) => {
    const error = failRename.next;
    failRename.next = undefined;
    return error ? Promise.reject(error) : fs.rename(from, to);
  };
  return { ...fs, rename, default: { ...fs, rename } };
});

const plan = (outDir: string) => ({ outDir, browsers: ['chromium'], probes: ['devices'], adapterModes: ['off'], total: 1 });

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'webrtc-harness-json-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('JsonReporter', () => {
  it('writes results.json into the planned out dir (creating it) as pretty JSON that round-trips', async () => {
    const outDir = join(await tempDir(), 'nested', 'out');
    const reporter = new JsonReporter();
    const run = sampleRun();
    run.results[0]!.findings.push({ severity: 'warn', message: 'label "\u001B[2J" <b>\u0000</b> ⏎ 🎤' });
    reporter.onRunBegin(plan(outDir));
    await reporter.onRunEnd(run);

    const path = join(outDir, 'results.json');
    expect(reporter.path).toBe(path);
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toStrictEqual(run);
    expect(await readdir(outDir)).toEqual(['results.json']);
  });

  it('replaces an existing results.json', async () => {
    const outDir = await tempDir();
    const reporter = new JsonReporter();
    reporter.onRunBegin(plan(outDir));
    const first = sampleRun();
    await reporter.onRunEnd(first);
    const second = { ...sampleRun(), command: 'second run' };
    await reporter.onRunEnd(second);
    expect(JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8'))).toMatchObject({ command: 'second run' });
    expect(await readdir(outDir)).toEqual(['results.json']);
  });

  it('fails clearly when the run never began', async () => {
    await expect(new JsonReporter().onRunEnd(sampleRun())).rejects.toThrow(/onRunBegin/);
  });
});

describe('writeFileAtomic', () => {
  it('leaves the old file intact and no temp file behind when the write fails', async () => {
    const dir = await tempDir();
    const path = join(dir, 'results.json');
    await writeFileAtomic(path, 'old');
    // The last step fails, after the temp file beside the target was written in full.
    failRename.next = Object.assign(new Error('EXDEV: rename failed'), { code: 'EXDEV' });
    await expect(writeFileAtomic(path, 'new')).rejects.toThrow('rename failed');
    expect(failRename.next).toBeUndefined();
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['results.json']);
  });
});
