// The CLI's contract outside of probes: help, usage errors, environment errors, fast start.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import { startCli } from '../support/cli.js';

describe('webrtc-harness CLI', () => {
  it('--help of every command teaches its options and exits 0', async () => {
    for (const command of ['run', 'doctor', 'probes']) {
      const { code, stdout } = await startCli([command, '--help']).done;
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: webrtc-harness ${command}`);
    }
  });

  it('an unknown flag, probe or browser is a usage error: exit 2 and a pointer to --help, no stack trace', async () => {
    for (const args of [['run', '--bogus'], ['run', '-p', 'nope'], ['run', '-b', 'safari'], ['frobnicate']]) {
      const { code, stderr } = await startCli(args).done;
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/--help/);
      expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  });

  it('a missing browser is an environment error naming the package to install', async () => {
    const { code, stderr } = await startCli(['run', '-b', 'firefox', '--firefox-path', '/nonexistent/firefox', '-o', mkdtempSync(join(tmpdir(), 'wh-'))]).done;
    expect(code).toBe(2);
    expect(stderr).toContain('Firefox was not found at /nonexistent/firefox');
  });

  it('--chromium-path applies to the edge-ortc column too (it runs in Chromium)', async () => {
    const { code, stderr } = await startCli(['run', '-b', 'edge-ortc', '--chromium-path', '/nonexistent/chromium', '-o', mkdtempSync(join(tmpdir(), 'wh-'))])
      .done;
    expect(code).toBe(2);
    expect(stderr).toContain('Edge (ORTC shim) was not found at /nonexistent/chromium');
  });

  it('options that cannot go together are usage errors that say why, before anything starts', async () => {
    const cases: [string[], RegExp][] = [
      [['run', '--remote', 'grid=ws://127.0.0.1:9/devtools/browser/x', '--scenario', 'nat'], /--remote and --scenario nat cannot go together/],
      [['run', '--shard', '1/2', '--update-baseline', 'baseline.json'], /--update-baseline with --shard would write one shard as the baseline/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await startCli([...args, '-o', mkdtempSync(join(tmpdir(), 'wh-'))]).done;
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
    }
  });

  it('doctor, probes and --help never load puppeteer or express', async () => {
    const traceFile = join(mkdtempSync(join(tmpdir(), 'wh-trace-')), 'imports.txt');
    const hooks = join(PACKAGE_ROOT, 'test', 'support', 'trace-imports.mjs');
    for (const args of [['doctor'], ['probes'], ['--help'], ['run', '--help']]) {
      const { code } = await startCli(args, { NODE_OPTIONS: `--import ${hooks}`, TRACE_IMPORTS_FILE: traceFile }).done;
      expect(code, args.join(' ')).toBe(0);
    }
    const imported = readFileSync(traceFile, 'utf8');
    expect(imported).toContain('harness/cli.js');
    expect(imported).not.toMatch(/puppeteer|express/);
  });

  it('doctor --json lists the browsers with their versions', async () => {
    const { code, stdout } = await startCli(['doctor', '--json']).done;
    const report = JSON.parse(stdout) as { ready: boolean; checks: { name: string; outcome: { ok: boolean; detail: string } }[] };
    expect(code).toBe(0);
    expect(report.ready).toBe(true);
    expect(report.checks.find((c) => c.name === 'chromium')?.outcome.detail).toMatch(/Chromium \d+/);
    expect(report.checks.find((c) => c.name === 'firefox')?.outcome.detail).toMatch(/Firefox \d+/);
    expect(report.checks.find((c) => c.name === 'webkit')?.outcome.detail).toMatch(/^\/usr\/bin\/WebKitWebDriver \(WebKitGTK \d+\.\d+\.\d+/);
    expect(report.checks.find((c) => c.name === 'selenium grid jar')?.outcome.detail).toMatch(/selenium-server-\d+\.\d+\.\d+\.jar \(\d+/);
  });
});
