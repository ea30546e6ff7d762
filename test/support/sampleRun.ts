// A small, typed RunResults for reporter tests: two browsers, every status once, adapter off and
// on. Kept as a compiled module (not a *.test.ts file) so `tsc` checks it against RunResults and
// the schema test validates a value the compiler accepted.
import { RESULTS_SCHEMA_VERSION } from '../../core/results.js';
import type { BrowserIdentity, ProbeResult, RunResults } from '../../core/results.js';

export const CHROMIUM: BrowserIdentity = {
  name: 'chromium',
  version: '156.0.8078.108',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.8078.108 Safari/537.36',
};

export const FIREFOX: BrowserIdentity = {
  name: 'firefox',
  version: '147.0',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:147.0) Gecko/20100101 Firefox/147.0',
};

export function probeResult(overrides: Partial<ProbeResult> = {}): ProbeResult {
  return {
    probe: 'devices',
    title: 'Media devices are enumerated with labels',
    browser: CHROMIUM,
    scenario: 'loopback',
    adapter: 'off',
    status: 'pass',
    findings: [{ severity: 'info', message: '2 audioinput, 1 videoinput' }],
    metrics: { enumerateMs: 12.5 },
    raw: { devices: [{ kind: 'audioinput', label: 'Fake Audio Input 1' }] },
    durationMs: 812,
    ...overrides,
  };
}

/** A result as written when the probe errored before the page returned: no `raw` key at all. */
export function withoutRaw(result: ProbeResult): ProbeResult {
  const { raw: _raw, ...rest } = result;
  return rest;
}

export function sampleRun(): RunResults {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    command: 'webrtc-harness run --out out/latest',
    startedAt: '2025-11-25T18:00:00.000Z',
    finishedAt: '2025-11-25T18:00:09.500Z',
    interrupted: false,
    environment: {
      os: 'linux 6.8.0 x64',
      node: 'v20.19.0',
      harnessVersion: '0.1.0',
      adapterVersion: '9.0.6',
      browsers: [CHROMIUM, FIREFOX],
      scenario: 'loopback',
      iceServers: ['stun:127.0.0.1:3478', 'turn:127.0.0.1:3478?transport=udp (with credentials)'],
    },
    results: [
      probeResult(),
      probeResult({
        adapter: 'on',
        status: 'warn',
        findings: [{ severity: 'warn', message: 'device labels are empty before permission' }],
      }),
      probeResult({
        probe: 'gum-constraints',
        title: 'getUserMedia honours constraints',
        status: 'fail',
        findings: [
          { severity: 'fail', message: 'width 1280 requested, got 640' },
          { severity: 'warn', message: 'frameRate not exact' },
          { severity: 'info', message: 'camera: Fake Video' },
        ],
        metrics: { width: 640, height: 480 },
        durationMs: 2300,
      }),
      probeResult({ browser: FIREFOX, durationMs: 640 }),
      probeResult({
        browser: FIREFOX,
        probe: 'gum-constraints',
        title: 'getUserMedia honours constraints',
        status: 'skip',
        findings: [],
        metrics: {},
        raw: null,
        reason: 'no fake camera in this profile',
        durationMs: 5,
      }),
      withoutRaw(
        probeResult({
          browser: FIREFOX,
          probe: 'api-surface',
          title: 'WebRTC API surface',
          status: 'error',
          findings: [],
          metrics: {},
          reason: 'page timed out after 30000ms',
          durationMs: 30000,
        }),
      ),
    ],
  };
}
