import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withStagedOutput } from './stagedOutput.js';

const made: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wh-staged-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('withStagedOutput', () => {
  it('creates the output folder only when every file is written', async () => {
    const parent = tmp();
    const out = join(parent, 'charts');
    await expect(
      withStagedOutput(out, async (dir) => {
        writeFileSync(join(dir, 'a.csv'), 'half');
        throw new Error('renderer crashed');
      }),
    ).rejects.toThrow('renderer crashed');
    expect(readdirSync(parent)).toEqual([]);
    await withStagedOutput(out, async (dir) => writeFileSync(join(dir, 'a.csv'), 'whole'));
    expect(readdirSync(parent)).toEqual(['charts']);
    expect(readFileSync(join(out, 'a.csv'), 'utf8')).toBe('whole');
  });

  it('into an existing folder: moves the new files in, replaces a subfolder of the same name, keeps the rest', async () => {
    const out = tmp();
    writeFileSync(join(out, 'keep.txt'), 'mine');
    mkdirSync(join(out, 'png'));
    writeFileSync(join(out, 'png', 'old.png'), 'old');
    await withStagedOutput(out, async (dir) => {
      mkdirSync(join(dir, 'png'));
      writeFileSync(join(dir, 'png', 'new.png'), 'new');
    });
    expect(readdirSync(out).sort()).toEqual(['keep.txt', 'png']);
    expect(readdirSync(join(out, 'png'))).toEqual(['new.png']);
    await expect(withStagedOutput(join(out, 'keep.txt'), async () => undefined)).rejects.toThrow('is a file, not a folder');
  });
});
