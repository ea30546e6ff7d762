// `webrtc-harness sdp` as a user runs it (compiled CLI, a fresh node per call): exit codes, stdin,
// messages for bad input, and a start that loads no browser automation.
// Needs the compiled CLI: npx tsc -p tsconfig.json
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import { CLI_PATH, startCli } from '../support/cli.js';
import { SDP_FIXTURES, invalidSdpFixtureNames, readSdpFixture } from '../support/sdpFixtures.js';

const fixture = (name: string) => join(SDP_FIXTURES, name);
const sdp = (...args: string[]) => startCli(['sdp', ...args]).done;

describe('webrtc-harness sdp', () => {
  it('exit 0: a well-formed SDP, two SDPs that differ only in payload types, a compatible offer/answer', async () => {
    expect((await sdp('parse', fixture('chromium-offer-av-data.sdp'))).code).toBe(0);
    const same = await sdp('diff', fixture('chromium-offer-av-data.sdp'), fixture('generated-renumbered-pts-of-chromium-offer-av-data.sdp'));
    expect(same).toMatchObject({ code: 0, stdout: expect.stringContaining('No differences.') });
    const negotiated = await sdp('negotiate', fixture('chromium-offer-av-data.sdp'), fixture('firefox-answer-to-chromium.sdp'));
    expect(negotiated.code).toBe(0);
    expect(negotiated.stdout).toContain('Compatible: 3 of 3 m-sections active.');
  });

  it('exit 1: different SDPs, an answer that does not fit the offer', async () => {
    const different = await sdp('diff', fixture('chromium-offer-av-data.sdp'), fixture('firefox-offer-av-data.sdp'));
    expect(different.code).toBe(1);
    expect(different.stdout).toMatch(/^audio mid=0$/m);
    expect(different.stdout).toContain('- codec CN/8000: only in A');
    const misfit = await sdp('negotiate', fixture('chromium-offer-simulcast.sdp'), fixture('firefox-answer-to-chromium.sdp'));
    expect(misfit.code).toBe(1);
    expect(misfit.stdout).toContain('problems:');
  });

  it('--no-ignore-volatile turns two offers of the same browser from equal (0) into different (1)', async () => {
    const pair = [fixture('firefox-offer-av-data.sdp'), fixture('firefox-offer-av-data-again.sdp')];
    expect((await sdp('diff', ...pair)).code).toBe(0);
    const strict = await sdp('diff', ...pair, '--no-ignore-volatile', '--json');
    expect(strict.code).toBe(1);
    expect((JSON.parse(strict.stdout) as { ignoreVolatile: boolean; count: number }).ignoreVolatile).toBe(false);
  });

  it.each(invalidSdpFixtureNames())('exit 2 for %s: one line naming the file and the problem, no stack trace', async (name) => {
    const { code, stdout, stderr } = await sdp('parse', fixture(name));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^webrtc-harness sdp parse: \\S*${name.replace(/\./g, '\\.')}(, line \\d+)?: \\S`));
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("'-' reads stdin", () => {
    const run = (args: string[], input: string) => spawnSync(process.execPath, [CLI_PATH, 'sdp', ...args], { cwd: PACKAGE_ROOT, input, encoding: 'utf8' });
    const offer = readSdpFixture('firefox-offer-av-data.sdp');
    expect(run(['parse', '-'], offer)).toMatchObject({ status: 0, stdout: expect.stringContaining('stdin: 3 m-sections') });
    expect(run(['diff', fixture('firefox-offer-av-data-again.sdp'), '-'], offer).status).toBe(0);
    expect(run(['parse', '-'], 'not an sdp')).toMatchObject({ status: 2, stderr: expect.stringContaining('stdin, line 1: an SDP starts with v=0') });
  });

  it('--help and help <subcommand> teach the usage', async () => {
    const help = await sdp('--help');
    expect(help.code).toBe(0);
    for (const usage of [
      'Usage: webrtc-harness sdp',
      'sdp parse FILE',
      'sdp diff A B',
      'sdp negotiate OFFER ANSWER',
      'Exit: 0 no differences, 1 differences, 2 bad input',
    ])
      expect(help.stdout).toContain(usage);
    expect((await sdp('help', 'negotiate')).stdout).toMatch(/^Usage: webrtc-harness sdp negotiate OFFER ANSWER/);
  });

  it('loads neither puppeteer nor express', async () => {
    const traceFile = join(mkdtempSync(join(tmpdir(), 'wh-trace-')), 'imports.txt');
    const hooks = join(PACKAGE_ROOT, 'test', 'support', 'trace-imports.mjs');
    const { code } = await startCli(['sdp', 'diff', fixture('chromium-offer-av-data.sdp'), fixture('firefox-offer-av-data.sdp')], {
      NODE_OPTIONS: `--import ${hooks}`,
      TRACE_IMPORTS_FILE: traceFile,
    }).done;
    expect(code).toBe(1);
    const imported = readFileSync(traceFile, 'utf8');
    expect(imported).toContain('harness/commands/sdp.js');
    expect(imported).not.toMatch(/puppeteer|express/);
  });
});
