// Both real browsers, through the CLI as a user runs it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult, RunResults } from '../../core/results.js';
import { startCli } from '../support/cli.js';
import { validateResults } from '../support/resultsSchema.js';

function resultFor(run: RunResults, browser: string, probe: string, adapter = 'off'): ProbeResult {
  const found = run.results.find((r) => r.browser.name === browser && r.probe === probe && r.adapter === adapter);
  if (!found) throw new Error(`no ${probe} result for ${browser} (adapter ${adapter})`);
  return found;
}

describe('webrtc-harness run in Chromium and Firefox', () => {
  let outDir: string;
  let run: RunResults;
  let exit: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'wh-e2e-run-'));
    const cli = startCli(['run', '-b', 'chromium', '-b', 'firefox', '-p', 'api-surface', '-p', 'devices', '-p', 'gum-constraints', '-o', outDir]);
    exit = await cli.done;
    run = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as RunResults;
  }, 120_000);

  it('writes results.json that conforms to the published JSON Schema', () => {
    expect(validateResults(run), JSON.stringify(validateResults.errors)).toBe(true);
  });

  it('records every probe for both browsers with the versions the browsers reported', () => {
    expect(run.results).toHaveLength(6);
    const versions = new Map(run.environment.browsers.map((b) => [b.name, b.version]));
    expect(versions.get('chromium')).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(versions.get('firefox')).toMatch(/^\d+\.\d+/);
    for (const r of run.results) {
      expect(r.status, `${r.browser.name} ${r.probe}: ${r.reason ?? ''}`).not.toBe('error');
      expect(r.browser.version).toBe(versions.get(r.browser.name));
    }
  });

  it('exits with the code the statuses call for and names the output files', () => {
    const failed = run.results.some((r) => r.status === 'fail' || r.status === 'error');
    expect(exit.code).toBe(failed ? 1 : 0);
    expect(exit.stdout).toContain(join(outDir, 'results.json'));
    expect(exit.stdout).toMatch(/chromium\s+api-surface/);
  });

  it('shows how the browsers differ: prefixed getUserMedia and codec lists come from the live browsers', () => {
    const chromium = resultFor(run, 'chromium', 'api-surface').raw as { apis: Record<string, { present: boolean }>; userAgent: string };
    const firefox = resultFor(run, 'firefox', 'api-surface').raw as { apis: Record<string, { present: boolean }>; userAgent: string };
    expect(chromium.apis['navigator.webkitGetUserMedia']?.present).toBe(true);
    expect(firefox.apis['navigator.webkitGetUserMedia']?.present).toBe(false);
    expect(firefox.apis['navigator.mozGetUserMedia']?.present).toBe(true);
    expect(chromium.userAgent).toContain('Chrome/');
    expect(firefox.userAgent).toContain('Firefox/');
  });

  it('reports the settings the browsers really delivered for getUserMedia constraints', () => {
    for (const browser of ['chromium', 'firefox']) {
      const gum = resultFor(run, browser, 'gum-constraints');
      expect(gum.metrics['casesGranted']).toBeGreaterThan(0);
      expect(gum.metrics['maxWidthDelivered']).toBeGreaterThan(0);
    }
  });

  it('writes a JUnit file with a test suite per browser', () => {
    const junit = readFileSync(join(outDir, 'junit.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(2);
    expect(junit).toMatch(/<testsuite [^>]*name="chromium \d/);
    expect(junit).toMatch(/<testsuite [^>]*name="firefox \d/);
    expect(junit.match(/<testcase /g)).toHaveLength(6);
  });
});

describe('webrtc-harness run --adapter both', () => {
  it('runs each probe with and without webrtc-adapter and records what adapter changed', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'wh-e2e-adapter-'));
    const { code } = await startCli(['run', '-b', 'chromium', '-b', 'firefox', '-p', 'api-surface', '--adapter', 'both', '-o', outDir]).done;
    const run = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as RunResults;
    expect(code).toBe(0);
    expect(run.results.map((r) => `${r.browser.name}/${r.adapter}`).sort()).toEqual(['chromium/off', 'chromium/on', 'firefox/off', 'firefox/on']);
    const detected = (browser: string) =>
      (resultFor(run, browser, 'api-surface', 'on').raw as { adapter: { browserDetails: { browser: string }; patched: string[] } }).adapter;
    expect(detected('chromium').browserDetails.browser).toBe('chrome');
    expect(detected('firefox').browserDetails.browser).toBe('firefox');
    expect(detected('chromium').patched.length).toBeGreaterThan(0);
    expect((resultFor(run, 'chromium', 'api-surface', 'off').raw as { adapter: unknown }).adapter).toBeNull();
  });
});

describe('webrtc-harness run -p sdp-negotiation (pair probe)', () => {
  it('negotiates live between every ordered pair of browsers, with media, and records who answered', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'wh-e2e-pairs-'));
    const { stdout } = await startCli(['run', '-b', 'chromium', '-b', 'firefox', '-p', 'sdp-negotiation', '-o', outDir]).done;
    const run = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as RunResults;
    expect(run.results.map((r) => `${r.browser.name}→${r.peer?.name}`)).toEqual([
      'chromium→chromium',
      'chromium→firefox',
      'firefox→chromium',
      'firefox→firefox',
    ]);
    for (const r of run.results) {
      expect(r.status, `${r.browser.name}→${r.peer?.name}: ${r.reason ?? ''}`).not.toMatch(/fail|error/);
      expect(r.findings.map((f) => f.message)).toContain(`${r.browser.name}→${r.peer?.name} default: audio opus, video vp8 in use`);
    }
    expect(stdout).toMatch(/chromium→firefox\s+sdp-negotiation/);
    expect(readFileSync(join(outDir, 'junit.xml'), 'utf8')).toContain('name="sdp-negotiation → firefox"');
    expect(validateResults(run), JSON.stringify(validateResults.errors)).toBe(true);
  });
});
