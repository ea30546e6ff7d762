import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunPlan } from './reporter.js';
import { CHROMIUM, FIREFOX, probeResult, sampleRun } from '../test/support/sampleRun.js';
import { TerminalReporter } from './terminal.js';

class FakeStream extends Writable {
  readonly chunks: string[] = [];
  constructor(
    readonly isTTY = false,
    readonly columns = 80,
  ) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString('utf8'));
    callback();
  }
  get text(): string {
    return this.chunks.join('');
  }
}

const plan: RunPlan = {
  outDir: 'out/latest',
  browsers: ['chromium', 'firefox'],
  probes: ['devices', 'gum-constraints', 'api-surface'],
  adapterModes: ['off', 'on'],
  total: 6,
};

/** Replays the sample run through a reporter: header, browsers ready, every probe begin/end, summary. */
function replay(reporter: TerminalReporter, run = sampleRun(), runPlan = plan): void {
  reporter.onRunBegin(runPlan);
  for (const browser of run.environment.browsers) reporter.onBrowserReady(browser);
  for (const r of run.results) {
    reporter.onProbeBegin({ probe: r.probe, browser: r.browser.name, adapter: r.adapter });
    reporter.onProbeEnd(r);
  }
  reporter.onRunEnd(run);
}

describe('TerminalReporter on a plain stream (CI log)', () => {
  it('prints header, ready lines, one line per result with badge, ids, adapter, progress, and a summary', () => {
    const stream = new FakeStream();
    replay(new TerminalReporter(stream));
    const lines = stream.text.split('\n');

    expect(lines[0]).toBe('webrtc-harness: 6 probe runs');
    expect(stream.text).toContain('  browsers  chromium, firefox\n');
    expect(stream.text).toContain('  adapter   off, on\n');
    expect(stream.text).toContain('  out       out/latest\n');
    expect(stream.text).toContain('chromium 156.0.8078.108 ready\n');
    expect(stream.text).toContain('firefox 147.0 ready\n');

    const results = lines.filter((l) => /^(PASS|WARN|FAIL|SKIP|ERR )/.test(l));
    expect(results).toHaveLength(6);
    expect(results[0]).toMatch(/^PASS chromium +devices +812ms +\(1\/6\)$/);
    expect(results[1]).toMatch(/^WARN chromium +devices \[adapter on\] +812ms +\(2\/6\)$/);
    expect(results[2]).toMatch(/^FAIL chromium +gum-constraints +2\.3s +\(3\/6\)$/);
    expect(results[4]).toMatch(/^SKIP firefox +gum-constraints/);
    expect(results[5]).toMatch(/^ERR {2}firefox +api-surface +30\.0s +\(6\/6\)$/);

    expect(stream.text).toContain('      warn: device labels are empty before permission\n');
    expect(stream.text).toContain('      fail: width 1280 requested, got 640\n      warn: frameRate not exact\n');
    expect(stream.text).not.toContain('camera: Fake Video'); // info findings stay out of the log
    expect(stream.text).toContain('      reason: page timed out after 30000ms\n');
    expect(stream.text).toContain('      reason: no fake camera in this profile\n');

    expect(stream.text).toContain('Summary: 6 probe runs in 9.5s: 2 pass, 1 warn, 1 fail, 1 skip, 1 error\n');
    expect(stream.text).toContain('  chromium 156.0.8078.108: 1 pass, 1 warn, 1 fail\n');
    expect(stream.text).toContain('  firefox 147.0: 1 pass, 1 skip, 1 error\n');
    expect(stream.text).not.toContain('Interrupted');
    expect(stream.text).not.toContain('results.json');
  });

  it('writes no escape codes at all: no colors and no status line', () => {
    const stream = new FakeStream();
    replay(new TerminalReporter(stream));
    expect(stream.text).not.toContain('\u001B');
    expect(stream.text).not.toContain('\r');
    expect(stream.text).not.toContain('running');
  });

  it('never lets an escape sequence or control character from a result reach the output', () => {
    const stream = new FakeStream();
    const evil = 'cam\u001B[2J\u001B]8;;https://evil.example/\u0007link\u001B]8;;\u0007\rPASS\u0000\u009B31m';
    const run = sampleRun();
    run.results = [
      probeResult({ status: 'fail', findings: [{ severity: 'fail', message: evil }], probe: `devices${evil}` }),
      probeResult({ status: 'error', findings: [], reason: evil, browser: { ...CHROMIUM, version: evil } }),
    ];
    run.environment.browsers = [{ ...CHROMIUM, version: evil }];
    run.interrupted = true;
    replay(new TerminalReporter(stream), run, { ...plan, outDir: evil, probes: [evil] });
    expect(stream.text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    // ESC[2J, the OSC 8 wrapper and the C1 CSI `\u009B31m` vanish whole; CR shows as ⏎, NUL as �.
    expect(stream.text).toContain('      fail: camlink⏎PASS�\n');
    expect(stream.text).toContain('chromium camlink⏎PASS� ready\n');
    expect(stream.text).not.toContain('evil.example');
  });

  it('notes an interrupted run in the summary', () => {
    const stream = new FakeStream();
    const run = { ...sampleRun(), interrupted: true };
    replay(new TerminalReporter(stream), run);
    expect(stream.text).toContain('Interrupted: the run was stopped after 6 of 6 planned probe runs.\n');
  });

  it('colors badges only when asked', () => {
    const stream = new FakeStream();
    replay(new TerminalReporter(stream, { color: true }));
    expect(stream.text).toContain('\u001B[32mPASS\u001B[0m chromium');
    expect(stream.text).toContain('\u001B[31mFAIL\u001B[0m');
  });
});

describe('TerminalReporter on a TTY', () => {
  it('keeps one status line listing every running browser›probe, clearing it before result lines', () => {
    const stream = new FakeStream(true, 200);
    const reporter = new TerminalReporter(stream, { color: false });
    reporter.onRunBegin(plan);
    stream.chunks.length = 0;

    reporter.onProbeBegin({ probe: 'devices', browser: 'chromium', adapter: 'on' });
    reporter.onProbeBegin({ probe: 'api-surface', browser: 'firefox', adapter: 'off' });
    expect(stream.chunks.at(-1)).toBe('\r\u001B[2Krunning (0/6 done): chromium›devices [adapter on], firefox›api-surface');

    reporter.onProbeEnd(probeResult({ adapter: 'on' }));
    const chunk = stream.chunks.at(-1)!;
    expect(chunk.startsWith('\r\u001B[2KPASS chromium')).toBe(true);
    expect(chunk.endsWith('\n\r\u001B[2Krunning (1/6 done): firefox›api-surface')).toBe(true);

    reporter.onProbeEnd(probeResult({ browser: FIREFOX, probe: 'api-surface' }));
    expect(stream.chunks.at(-1)!.endsWith('(2/6)\n')).toBe(true); // nothing running: no status line

    reporter.onRunEnd(sampleRun());
    expect(stream.chunks.at(-1)!.startsWith('\r')).toBe(false);
  });

  it('cuts the status line to the terminal width so it never wraps', () => {
    const stream = new FakeStream(true, 30);
    const reporter = new TerminalReporter(stream, { color: false });
    reporter.onRunBegin(plan);
    reporter.onProbeBegin({ probe: 'gum-constraints', browser: 'chromium', adapter: 'on' });
    reporter.onProbeBegin({ probe: 'gum-constraints', browser: 'firefox', adapter: 'on' });
    const status = stream.chunks.at(-1)!.replace('\r\u001B[2K', '');
    expect(Array.from(status)).toHaveLength(29);
    expect(status.endsWith('…')).toBe(true);
  });
});
