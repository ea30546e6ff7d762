import { describe, expect, it } from 'vitest';
import { RUN_ID_PATTERN } from '../../reports/servedRun.js';
import { loadResultsFixture } from '../../test/support/resultsFixtures.js';
import { CHROMIUM, FIREFOX, probeResult, sampleRun } from '../../test/support/sampleRun.js';
import { MAX_USER_AGENT_LENGTH, RunRejected, newRun, newRunId } from './newRun.js';

const post = (results: unknown, extra: Partial<{ label: string | null; userAgent: string | null; clientIp: string | null }> = {}) => ({
  results,
  label: null,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/147.0',
  clientIp: '203.0.113.7',
  ...extra,
});
const keepAll = { storeIp: true, redactIps: false };

describe('newRun', () => {
  it('mints ids of 144 random bits, URL-safe, none repeated in 20000', () => {
    const ids = Array.from({ length: 20_000 }, newRunId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) {
      expect(id).toMatch(RUN_ID_PATTERN);
      expect(Buffer.from(id, 'base64url')).toHaveLength(18);
    }
  });

  it('reads the verdict as readinessOf does: ready, degraded with a warning, not-ready with a failure', async () => {
    expect((await newRun(post(loadResultsFixture('check-all-pass.json')), keepAll)).verdict).toBe('ready');
    const warnOnly = { ...sampleRun(), results: [probeResult(), probeResult({ status: 'warn', browser: FIREFOX })] };
    expect((await newRun(post(warnOnly), keepAll)).verdict).toBe('degraded');
    expect((await newRun(post(loadResultsFixture('check-coturn-on-port-53-firefox-ready-chromium-not.json')), keepAll)).verdict).toBe('not-ready');
  });

  it('lists every browser of the run once, pair probes answerers included', async () => {
    const results = { ...sampleRun(), environment: { ...sampleRun().environment, browsers: [CHROMIUM] } };
    results.results = [probeResult({ peer: { ...FIREFOX, name: 'safari' } })];
    expect((await newRun(post(results), keepAll)).browsers).toEqual(['chromium', 'safari']);
  });

  it('refuses what is no results.json with ajv’s words, naming the field', async () => {
    const rejected = newRun(post(loadResultsFixture('invalid-status-flaky.json')), keepAll);
    await expect(rejected).rejects.toThrow(RunRejected);
    await expect(rejected).rejects.toThrow(
      /posted results: not a webrtc-harness results file: \/results\/1\/status must be equal to one of the allowed values/,
    );
    await expect(newRun(post({ hello: 'world' }), keepAll)).rejects.toThrow(/must have required property/);
  });

  it('refuses a label outside LABEL_PATTERN (control characters, markup)', async () => {
    await expect(newRun(post(sampleRun(), { label: 'office\u001b[2J' }), keepAll)).rejects.toThrow(RunRejected);
    await expect(newRun(post(sampleRun(), { label: '<b>x</b>' }), keepAll)).rejects.toThrow(/label/);
    expect((await newRun(post(sampleRun(), { label: 'office wifi #3' }), keepAll)).label).toBe('office wifi #3');
  });

  it('keeps the visitor’s address only with storeIp, and only when it is an address', async () => {
    expect((await newRun(post(sampleRun()), { storeIp: false, redactIps: false })).clientIp).toBeNull();
    expect((await newRun(post(sampleRun()), keepAll)).clientIp).toBe('203.0.113.7');
    expect((await newRun(post(sampleRun(), { clientIp: '2001:db8::1' }), keepAll)).clientIp).toBe('2001:db8::1');
    expect((await newRun(post(sampleRun(), { clientIp: 'x; DROP TABLE runs' }), keepAll)).clientIp).toBeNull();
  });

  it('with redactIps replaces every address in the results by a pseudonym, as the CLI’s --redact-ips does', async () => {
    const results = loadResultsFixture('check-all-pass.json');
    const plain = JSON.stringify((await newRun(post(results), keepAll)).results);
    expect(plain).toContain('192.0.2.2');
    const redacted = JSON.stringify((await newRun(post(results), { storeIp: false, redactIps: true })).results);
    expect(redacted).not.toMatch(/\b(?:127\.0\.0\.1|192\.0\.2\.2)\b/);
    expect(redacted).toMatch(/ip-1/);
  });

  it('trims the user agent and caps its length; an empty one is null', async () => {
    const long = `  ${'A'.repeat(5000)}  `;
    expect((await newRun(post(sampleRun(), { userAgent: long }), keepAll)).userAgent).toHaveLength(MAX_USER_AGENT_LENGTH);
    expect((await newRun(post(sampleRun(), { userAgent: '   ' }), keepAll)).userAgent).toBeNull();
  });
});
