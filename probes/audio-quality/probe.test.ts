import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import { statusOf } from '../types.js';
import { audioQualityProbe, evaluateAudioQuality, matchBursts } from './probe.js';
import type { AudioQualityRaw, BurstCall } from './types.js';

const load = (name: string) => loadRawFixture<AudioQualityRaw>('audio-quality', name);
const findings = (raw: AudioQualityRaw) => evaluateAudioQuality(raw).findings.map((f) => `${f.severity}: ${f.message}`);
const callOf = (raw: AudioQualityRaw) => raw.call as BurstCall;

describe('audio-quality on recorded calls', () => {
  it('Chromium: the fake microphone beeps at full scale (clipping, a warning), and the bursts arrive with a delay', () => {
    const raw = load('chromium-adapter-off.json');
    const verdict = evaluateAudioQuality(raw);
    expect(verdict.metrics['clippedRuns']).toBeGreaterThan(0);
    expect(verdict.metrics['micPeakDb']).toBe(0);
    expect(findings(raw)).toContainEqual(expect.stringMatching(/^warn: microphone clipping: \d+ run\(s\) of more than 6 full-scale samples$/));
    expect(verdict.metrics['audioDelayMs']).toBeGreaterThan(0);
    expect(verdict.series?.[0]?.name).toBe('bursts');
  });

  it("Firefox on the harness's private PulseAudio: its microphone is heard and every burst arrives", () => {
    const verdict = evaluateAudioQuality(load('firefox-adapter-off.json'));
    expect(statusOf(verdict)).toBe('pass');
    expect(verdict.metrics['micRmsDb']).toBeLessThan(0);
    expect(verdict.metrics['missingBursts']).toBe(0);
    expect(verdict.metrics['audioDelayMs']).toBeGreaterThan(0);
  });

  it('Firefox without an audio output device: a skip that says why', () => {
    const suspended = { error: 'Error: the AudioContext stays suspended: WebAudio does not run here (Firefox needs an audio output device for it)' };
    const verdict = evaluateAudioQuality({ ...load('firefox-adapter-off.json'), mic: suspended, call: suspended });
    expect(statusOf(verdict)).toBe('skip');
    expect(verdict.skip).toMatch(/AudioContext stays suspended/);
  });

  it('a silent microphone (below -60 dB RMS) fails; -60 dB itself does not', () => {
    const raw = load('chromium-adapter-off.json');
    const mic = raw.mic as Exclude<AudioQualityRaw['mic'], null | { error: string }>;
    const at = (db: number): AudioQualityRaw => ({ ...raw, mic: { ...mic, channels: mic.channels.map((c) => ({ ...c, rmsDb: db, clippedRuns: 0 })) } });
    expect(findings(at(-60)).some((f) => f.startsWith('fail'))).toBe(false);
    expect(findings(at(-60.1))).toContain('fail: microphone silent: RMS -60.1 dB, below -60 dB');
  });

  it('a burst that never arrives is a gap of its whole length; bursts missing with no concealment in getStats is a disagreement', () => {
    const raw = load('chromium-bandwidth-400kbit.json');
    const call = callOf(raw);
    const whole = matchBursts(call, raw.bursts);
    expect(whole.every((o) => o.delayMs !== undefined)).toBe(true);
    // Every received piece of the 3rd to 8th sent burst removed: 6 bursts lost.
    const lost = call.sent.slice(2, 8);
    const received = call.received.filter((r) => !lost.some((s) => r.startMs >= s.startMs && r.startMs < s.startMs + raw.bursts.periodMs));
    const damaged: AudioQualityRaw = { ...raw, call: { ...call, received, stats: { ...call.stats, concealedSamples: 0, silentConcealedSamples: 0 } } };
    const verdict = evaluateAudioQuality(damaged);
    expect(verdict.metrics['missingBursts']).toBe(6);
    expect(verdict.metrics['audioGapsMs']).toBeCloseTo(6 * call.sent[2]!.lengthMs, -1);
    expect(findings(damaged)).toContainEqual(
      expect.stringMatching(/^warn: getStats disagrees on lost audio: \d+ ms missing from the bursts, but only 0 ms concealed/),
    );
  });

  it('a burst cut short by more than 20 ms is a gap; shortened by NetEq within 20 ms it is not', () => {
    const raw = load('chromium-bandwidth-400kbit.json');
    const call = callOf(raw);
    const shorten = (ms: number) =>
      matchBursts({ ...call, received: call.received.map((r, i) => (i === 3 ? { ...r, lengthMs: r.lengthMs - ms } : r)) }, raw.bursts);
    expect(shorten(15).reduce((s, o) => s + o.gapMs, 0)).toBe(matchBursts(call, raw.bursts).reduce((s, o) => s + o.gapMs, 0));
    expect(shorten(40).some((o) => o.gapMs >= 40 - 1)).toBe(true);
  });

  it('the drill-down lists the microphone channels and every burst; nothing for a malformed recording', () => {
    const tables = audioQualityProbe.tables!(load('chromium-adapter-off.json'));
    expect(tables.map((t) => t.title)).toEqual(['Microphone channels', 'Bursts (sent time on the shared sample clock)']);
    expect(audioQualityProbe.tables!({ call: { sent: 'x' } })).toEqual([]);
  });
});
