// `webrtc-harness report diff|html` and `run --baseline/--update-baseline/--expectations` as a
// user runs them (compiled CLI). The run cases use one browser and one quick probe.
// Needs the compiled CLI: npx tsc -p tsconfig.json
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import type { RunResults } from '../../core/results.js';
import { startCli } from '../support/cli.js';
import { invalidResultsFixtureNames, loadResultsFixture, resultsFixture } from '../support/resultsFixtures.js';
import { validateResults } from '../support/resultsSchema.js';

const cli = (...args: string[]) => startCli(args).done;
const tempDir = () => mkdtempSync(join(tmpdir(), 'wh-report-cli-'));

describe('webrtc-harness report diff', () => {
  it('exit 0 when nothing changed beyond tolerance', async () => {
    const same = await cli('report', 'diff', resultsFixture('check-all-pass.json'), resultsFixture('check-timings-30pct-slower.json'));
    expect(same).toMatchObject({ code: 0, stderr: '' });
    expect(same.stdout.trim().endsWith('No changes.')).toBe(true);
  });

  it('exit 1 with what changed: versions, statuses, metrics beyond tolerance, codecs', async () => {
    const slower = await cli('report', 'diff', resultsFixture('check-all-pass.json'), resultsFixture('check-chromium-157-relay-3x-slower.json'));
    expect(slower.code).toBe(1);
    expect(slower.stdout).toContain('~ chromium 156.0.8078.108 -> 157.0.7950.12');
    expect(slower.stdout).toContain('~ connectivity [chromium, adapter off, loopback] relayConnectMs: 109 -> 327 (+200%; tolerance ±50% and 50) REGRESSION');
    const failed = await cli(
      'report',
      'diff',
      resultsFixture('check-all-pass.json'),
      resultsFixture('check-coturn-on-port-53-firefox-ready-chromium-not.json'),
    );
    expect(failed.stdout).toContain('~ turn-reachability [chromium, adapter off, loopback]: pass -> fail');
    expect(failed.stdout).not.toContain('~ turn-reachability [firefox, adapter off, loopback]: pass');
    const codec = await cli('report', 'diff', resultsFixture('check-all-pass.json'), resultsFixture('check-chromium-vp9-gone.json'), '--json');
    expect(codec.code).toBe(1);
    expect(JSON.parse(codec.stdout)).toMatchObject({
      changed: true,
      codecs: [{ probe: 'api-surface', browser: 'chromium', removed: ['video/VP9'], added: [] }],
    });
  });

  it.each(invalidResultsFixtureNames())('exit 2 for %s: one line naming the file and the problem', async (name) => {
    const { code, stdout, stderr } = await cli('report', 'diff', resultsFixture('check-all-pass.json'), resultsFixture(name));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^webrtc-harness report diff: \\S*${name.replace(/\./g, '\\.')}: not (JSON|a webrtc-harness results file)`));
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('loads neither puppeteer nor express', async () => {
    const traceFile = join(tempDir(), 'imports.txt');
    const hooks = join(PACKAGE_ROOT, 'test', 'support', 'trace-imports.mjs');
    const { code } = await startCli(['report', 'diff', resultsFixture('check-all-pass.json'), resultsFixture('check-all-pass.json')], {
      NODE_OPTIONS: `--import ${hooks}`,
      TRACE_IMPORTS_FILE: traceFile,
    }).done;
    expect(code).toBe(0);
    const imported = readFileSync(traceFile, 'utf8');
    expect(imported).toContain('harness/commands/report.js');
    expect(imported).not.toMatch(/puppeteer|express/);
  });

  it('exit 2 for a missing file or a wrong number of files', async () => {
    expect(await cli('report', 'diff', resultsFixture('check-all-pass.json'), '/nonexistent.json')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('/nonexistent.json: cannot read it (no such file)'),
    });
    expect(await cli('report', 'diff', resultsFixture('check-all-pass.json'))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('report diff takes 2 results.json files, got 1'),
    });
  });
});

describe('webrtc-harness report html', () => {
  it('renders a results file into DIR/index.html', async () => {
    const dir = tempDir();
    const { code, stdout } = await cli('report', 'html', resultsFixture('check-all-pass.json'), '-o', dir);
    expect(code).toBe(0);
    expect(stdout).toContain(join(dir, 'index.html'));
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });
});

describe("report html and merge never lose a user's files; bad input stays bad input", () => {
  /** check-all-pass.json with `change` applied, written to a new folder as results.json. */
  function runFolder(change: (run: RunResults) => void = () => undefined): string {
    const dir = tempDir();
    const run = loadResultsFixture('check-all-pass.json');
    change(run);
    writeFileSync(join(dir, 'results.json'), JSON.stringify(run));
    return dir;
  }

  it("report html beside a run does not replace the run's own index.html without --force; its own it replaces", async () => {
    const dir = runFolder();
    writeFileSync(join(dir, 'index.html'), 'the run wrote this');
    const refused = await cli('report', 'html', join(dir, 'results.json'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`output folder ${dir} already has index.html, which webrtc-harness did not write; pass --force to replace it`);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('the run wrote this');
    expect((await cli('report', 'html', join(dir, 'results.json'), '--force')).code).toBe(0);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect((await cli('report', 'html', join(dir, 'results.json'))).code).toBe(0);
  });

  it('report html refuses a symbolic link where index.html goes, even with --force', async () => {
    const dir = runFolder();
    const victim = join(tempDir(), 'victim.txt');
    writeFileSync(victim, 'keep');
    symlinkSync(victim, join(dir, 'index.html'));
    const { code, stderr } = await cli('report', 'html', join(dir, 'results.json'), '--force');
    expect(code).toBe(2);
    expect(stderr).toContain('has index.html as a symbolic link; refused');
    expect(readFileSync(victim, 'utf8')).toBe('keep');
  });

  it('report merge refuses a non-empty --out it did not write, and never replaces an input, --force or not', async () => {
    const shard = runFolder((run) => (run.shard = { index: 1, count: 1 }));
    const before = readFileSync(join(shard, 'results.json'), 'utf8');
    const occupied = runFolder();
    writeFileSync(join(occupied, 'notes.txt'), 'mine');
    const refused = await cli('report', 'merge', shard, '--out', occupied);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds files webrtc-harness did not write \(.*notes\.txt.*\); .*--force/);
    expect(readdirSync(occupied).sort()).toEqual(['notes.txt', 'results.json']);
    for (const force of [[], ['--force']]) {
      const intoInput = await cli('report', 'merge', shard, '--out', shard, ...force);
      expect(intoInput.code).toBe(2);
      expect(intoInput.stderr).toContain('an input of the merge');
    }
    expect(readFileSync(join(shard, 'results.json'), 'utf8')).toBe(before);
    expect(readdirSync(shard)).toEqual(['results.json']);
    const out = join(tempDir(), 'merged');
    expect((await cli('report', 'merge', shard, '--out', out)).code).toBe(0);
    // Its own earlier output it replaces without --force.
    expect((await cli('report', 'merge', shard, '--out', out)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.webrtc-harness-files.json', 'index.html', 'junit.xml', 'results.json']);
  });

  it("report merge of a results file with a huge shard count: exit 2 with the schema's path, not out of memory", async () => {
    const shard = runFolder((run) => (run.shard = { index: 1, count: 1e15 }));
    const { code, stderr } = await cli('report', 'merge', shard, '--out', join(tempDir(), 'merged'));
    expect(code).toBe(2);
    expect(stderr).toBe(`webrtc-harness report merge: ${join(shard, 'results.json')}: not a webrtc-harness results file: /shard/count must be <= 999999\n`);
  });

  it('--baseline names the schema path of what is wrong before any browser starts', async () => {
    const dir = runFolder((run) => (run.results[0]!.status = 'flaky' as RunResults['results'][0]['status']));
    const { code, stderr } = await cli('run', '-b', 'chromium', '-p', 'api-surface', '-o', join(dir, 'out'), '--baseline', join(dir, 'results.json'));
    expect(code).toBe(2);
    expect(stderr).toContain('/results/0/status must be equal to one of the allowed values');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('run with --baseline, --update-baseline and --expectations', () => {
  it('exit 1 only on a regression (a codec gone), printing it; --update-baseline writes the next baseline, which then passes', async () => {
    const dir = tempDir();
    const baseline = loadResultsFixture('check-all-pass.json');
    const api = baseline.results.find((r) => r.probe === 'api-surface' && r.browser.name === 'chromium')!;
    (api.raw as { senderCodecs: { video: string[] } }).senderCodecs.video.push('video/H265');
    writeFileSync(join(dir, 'baseline.json'), JSON.stringify(baseline));
    const next = join(dir, 'next.json');

    const first = await cli(
      'run',
      '-b',
      'chromium',
      '-p',
      'api-surface',
      '-o',
      join(dir, 'out'),
      '--baseline',
      join(dir, 'baseline.json'),
      '--update-baseline',
      next,
    );
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toMatch(
      /Regressions against \S+baseline\.json: 1\n {2}- api-surface \[chromium, adapter off, loopback\]: codec video\/H265 disappeared/,
    );
    expect(first.stdout).toContain(`Baseline updated: ${next}`);
    expect(first.stdout).toContain(`Report:  ${join(dir, 'out')}/index.html`);
    expect(existsSync(join(dir, 'out', 'index.html'))).toBe(true);
    const written = JSON.parse(readFileSync(next, 'utf8')) as RunResults;
    expect(validateResults(written)).toBe(true);

    const second = await cli('run', '-b', 'chromium', '-p', 'api-surface', '-o', join(dir, 'out2'), '--baseline', next);
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout).toContain('No regressions against');
  });

  it('exit 2 before any browser starts when an expectation has no reason', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'firefox.json'), JSON.stringify([{ probe: 'gum-constraints', browser: 'firefox', status: 'fail' }]));
    const { code, stdout, stderr } = await cli(
      'run',
      '-b',
      'chromium',
      '-p',
      'api-surface',
      '-o',
      join(dir, 'out'),
      '--expectations',
      join(dir, 'firefox.json'),
    );
    expect(code).toBe(2);
    expect(stderr).toContain("firefox.json: entry 1 (gum-constraints, firefox): 'reason' is required and must not be empty");
    expect(stdout).toBe('');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('exit 2 for a baseline that is not a results file', async () => {
    const { code, stderr } = await cli('run', '-b', 'chromium', '-p', 'api-surface', '--baseline', resultsFixture('invalid-schema-version-2.json'));
    expect(code).toBe(2);
    expect(stderr).toContain('--baseline ');
    expect(stderr).toContain('invalid-schema-version-2.json: not a webrtc-harness results file: schemaVersion is 2');
  });
});
