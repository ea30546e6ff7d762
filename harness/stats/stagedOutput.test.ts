import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { OUTPUT_MANIFEST, type OutputOptions, withStagedOutput } from './stagedOutput.js';

const made: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wh-staged-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const chart: OutputOptions = { writer: 'stats chart', force: false, claim: 'folder' };
const forced: OutputOptions = { ...chart, force: true };

/** Writes `files` (path -> content) into the staging folder, as a command would. */
const writing = (files: Record<string, string>) => async (dir: string) => {
  for (const [path, content] of Object.entries(files)) {
    if (path.includes('/')) mkdirSync(join(dir, path.slice(0, path.indexOf('/'))), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
};

/** Every file under `dir` with its content, the manifest left out. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name).slice(dir.length + 1);
    if (entry.isFile() && path !== OUTPUT_MANIFEST) out[path] = readFileSync(join(dir, path), 'utf8');
  }
  return out;
}

describe('withStagedOutput', () => {
  it('creates the output folder only when every file is written', async () => {
    const parent = tmp();
    const out = join(parent, 'charts');
    await expect(
      withStagedOutput(out, chart, async (dir) => {
        writeFileSync(join(dir, 'a.csv'), 'half');
        throw new Error('renderer crashed');
      }),
    ).rejects.toThrow('renderer crashed');
    expect(readdirSync(parent)).toEqual([]);
    await withStagedOutput(out, chart, writing({ 'a.csv': 'whole' }));
    expect(readdirSync(parent)).toEqual(['charts']);
    expect(contents(out)).toEqual({ 'a.csv': 'whole' });
  });

  it('replaces its own earlier output without --force, and removes the files of it that are not written again', async () => {
    const out = join(tmp(), 'charts');
    await withStagedOutput(out, chart, writing({ 'charts.html': 'one', 'csv/rtt-1.csv': 'one', 'csv/gone-1.csv': 'one' }));
    await withStagedOutput(out, chart, writing({ 'charts.html': 'two', 'csv/rtt-1.csv': 'two' }));
    expect(contents(out)).toEqual({ 'charts.html': 'two', 'csv/rtt-1.csv': 'two' });
    // Another command's files in the same folder are not this one's to remove.
    await withStagedOutput(out, { ...chart, writer: 'stats import' }, writing({ 'series.json': 'import' }));
    await withStagedOutput(out, chart, writing({ 'charts.html': 'three' }));
    expect(contents(out)).toEqual({ 'charts.html': 'three', 'series.json': 'import' });
    expect(readdirSync(out)).not.toContain('csv');
  });

  it('refuses a folder with files it did not write, touching nothing; --force replaces only files of the same name, deleting none', async () => {
    const parent = tmp();
    const out = join(parent, 'mine');
    mkdirSync(join(out, 'csv'), { recursive: true });
    writeFileSync(join(out, 'notes.txt'), 'user');
    writeFileSync(join(out, 'charts.html'), 'user page');
    writeFileSync(join(out, 'csv', 'user.csv'), 'user csv');
    const before = contents(out);
    const refused = withStagedOutput(out, chart, writing({ 'charts.html': 'new', 'csv/rtt-1.csv': 'new' }));
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow(/holds files webrtc-harness did not write \(.*notes\.txt.*\); .*--force/);
    expect(contents(out)).toEqual(before);
    expect(readdirSync(out)).not.toContain(OUTPUT_MANIFEST);
    expect(readdirSync(parent)).toEqual(['mine']);

    await withStagedOutput(out, forced, writing({ 'charts.html': 'new', 'csv/rtt-1.csv': 'new' }));
    expect(contents(out)).toEqual({ 'notes.txt': 'user', 'charts.html': 'new', 'csv/user.csv': 'user csv', 'csv/rtt-1.csv': 'new' });
    // Later runs of the command remove what they wrote, never the user's files.
    await withStagedOutput(out, forced, writing({ 'charts.html': 'newer' }));
    expect(contents(out)).toEqual({ 'notes.txt': 'user', 'charts.html': 'newer', 'csv/user.csv': 'user csv' });
  });

  it('files claim: a folder of the user may hold anything, but a file of the same name is replaced only with --force', async () => {
    const out = tmp();
    writeFileSync(join(out, 'results.json'), 'run');
    const html: OutputOptions = { writer: 'report html', force: false, claim: 'files' };
    await withStagedOutput(out, html, writing({ 'index.html': 'report' }));
    await withStagedOutput(out, html, writing({ 'index.html': 'report again' }));
    expect(contents(out)).toEqual({ 'results.json': 'run', 'index.html': 'report again' });
    const other = tmp();
    writeFileSync(join(other, 'index.html'), 'user page');
    await expect(withStagedOutput(other, html, writing({ 'index.html': 'report' }))).rejects.toThrow(
      'already has index.html, which webrtc-harness did not write; pass --force',
    );
    expect(contents(other)).toEqual({ 'index.html': 'user page' });
    await withStagedOutput(other, { ...html, force: true }, writing({ 'index.html': 'report' }));
    expect(contents(other)).toEqual({ 'index.html': 'report' });
  });

  it('never follows a symbolic link: a linked folder, subfolder or file where output goes is refused, --force or not', async () => {
    const elsewhere = tmp();
    writeFileSync(join(elsewhere, 'charts.html'), 'not yours');
    const parent = tmp();
    symlinkSync(elsewhere, join(parent, 'linked'));
    await expect(withStagedOutput(join(parent, 'linked'), forced, writing({ 'charts.html': 'x' }))).rejects.toThrow('is a symbolic link; refused');
    const out = join(parent, 'out');
    mkdirSync(out);
    symlinkSync(join(elsewhere, 'charts.html'), join(out, 'charts.html'));
    await expect(withStagedOutput(out, forced, writing({ 'charts.html': 'x' }))).rejects.toThrow('has charts.html as a symbolic link; refused');
    rmSync(join(out, 'charts.html'));
    symlinkSync(elsewhere, join(out, 'csv'));
    await expect(withStagedOutput(out, forced, writing({ 'csv/a.csv': 'x' }))).rejects.toThrow(
      'has csv where a folder of that name goes (a symbolic link); refused',
    );
    expect(contents(elsewhere)).toEqual({ 'charts.html': 'not yours' });
    expect(readdirSync(parent).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('a forged manifest cannot make it delete files outside the folder or hidden ones', async () => {
    const parent = tmp();
    const out = join(parent, 'out');
    mkdirSync(out);
    writeFileSync(join(parent, 'precious.txt'), 'keep');
    writeFileSync(join(out, '.hidden'), 'keep');
    writeFileSync(join(out, OUTPUT_MANIFEST), JSON.stringify({ files: { '../precious.txt': 'stats chart', '.hidden': 'stats chart' } }));
    await expect(withStagedOutput(out, chart, writing({ 'charts.html': 'x' }))).rejects.toThrow(/did not write \(\.hidden\)/);
    await withStagedOutput(out, forced, writing({ 'charts.html': 'x' }));
    expect(readFileSync(join(parent, 'precious.txt'), 'utf8')).toBe('keep');
    expect(readFileSync(join(out, '.hidden'), 'utf8')).toBe('keep');
  });

  it('refuses a file given as the folder', async () => {
    const out = tmp();
    writeFileSync(join(out, 'keep.txt'), 'mine');
    await expect(withStagedOutput(join(out, 'keep.txt'), forced, async () => undefined)).rejects.toThrow('is a file, not a folder');
  });
});
