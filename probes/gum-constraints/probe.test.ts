import { describe, it, expect } from 'vitest';
import { statusOf } from '../types.js';
import type { Severity } from '../../core/results.js';
import type { Verdict } from '../types.js';
import { DEFAULT_CASES, evaluateGumConstraints, gumConstraintsProbe } from './probe.js';
import type { GumRaw } from './types.js';
import { constructedFixtureNames, loadConstructedFixture, loadRawFixture, rawFixtureNames } from '../../test/support/fixtures.js';

// edge-ortc-*: the Edge (ORTC shim) column's capture, which does not measure (see the ortc tests).
const realCaptures = rawFixtureNames('gum-constraints').filter((name) => !name.startsWith('edge-ortc-'));
const constructed = constructedFixtureNames('gum-constraints');

function load(name: string): GumRaw {
  return loadRawFixture<GumRaw>('gum-constraints', name);
}

function loadConstructed(name: string): GumRaw {
  return loadConstructedFixture<GumRaw>('gum-constraints', name);
}

function messages(verdict: Verdict, severity: Severity): string[] {
  return verdict.findings.filter((f) => f.severity === severity).map((f) => f.message);
}

describe('every gum-constraints fixture', () => {
  it("includes both browsers' real captures and the constructed pass-rule edges", () => {
    expect(realCaptures).toEqual(['chromium-adapter-off.json', 'chromium-adapter-on.json', 'firefox-adapter-off.json', 'firefox-adapter-on.json']);
    expect(constructed.length).toBeGreaterThan(0);
  });

  it.each([
    ...realCaptures.map((name) => ({ name, raw: load(name) })),
    ...constructed.map((name) => ({ name: `constructed ${name}`, raw: loadConstructed(name) })),
  ])('$name: metrics are finite numbers and count every case', ({ raw }) => {
    const verdict = evaluateGumConstraints(raw);
    for (const value of Object.values(verdict.metrics)) expect(Number.isFinite(value)).toBe(true);
    expect(verdict.metrics['casesTotal']).toBe(raw.cases.length);
    expect(verdict.metrics['casesGranted']! + verdict.metrics['casesRejected']!).toBe(raw.cases.length);
    for (const finding of verdict.findings) expect(finding.message).not.toBe('');
  });

  it.each(realCaptures)('%s was captured with the current default matrix (else recapture it)', (name) => {
    expect(load(name).cases.map((c) => c.id)).toEqual(DEFAULT_CASES.map((c) => c.id));
  });
});

describe('real capture: Chromium with its fake camera and microphone', () => {
  const verdict = evaluateGumConstraints(load('chromium-adapter-off.json'));

  it('passes: every exact resolution up to 4K is honoured, the 20 fps cap shows only as info', () => {
    expect(statusOf(verdict)).toBe('pass');
    expect(messages(verdict, 'info')).toContain(
      'exact constraints honoured: 160x120, 320x240, 640x480, 1280x720, 1920x1080, 3840x2160, 15 fps, channelCount 2, sampleRate 44100',
    );
    expect(messages(verdict, 'info')).toContain('exact 30 fps rejected: OverconstrainedError(frameRate)');
    expect(messages(verdict, 'info')).toContain('ideal 60 fps not met: delivered 20 fps');
    expect(verdict.metrics).toMatchObject({
      casesTotal: 30,
      casesGranted: 27,
      casesRejected: 3,
      maxWidthDelivered: 3840,
      maxHeightDelivered: 2160,
      maxFrameRateDelivered: 20,
    });
  });

  it('times the first frame and the first beep of the fake microphone', () => {
    expect(verdict.metrics['firstFrameMsMedian']).toBeGreaterThan(0);
    expect(verdict.metrics['firstFrameMsMedian']).toBeLessThan(3000);
    // The fake microphone beeps every 500 ms: the first sound comes with the first beep.
    expect(verdict.metrics['firstSoundMsMedian']).toBeGreaterThan(0);
    expect(verdict.metrics['gumResolveMsMedian']).toBeGreaterThan(0);
  });
});

describe('real capture: Firefox with fake streams', () => {
  const verdict = evaluateGumConstraints(load('firefox-adapter-off.json'));

  it('fails: exact channelCount 2 is granted but one channel is delivered', () => {
    expect(statusOf(verdict)).toBe('fail');
    expect(messages(verdict, 'fail')).toEqual(['exact channelCount 2 granted, but delivered channelCount 1 (exact must be met or rejected)']);
  });

  it('warns when exact facingMode environment is rejected although other cases report facingMode environment', () => {
    expect(messages(verdict, 'warn')).toEqual([
      'exact facingMode environment rejected: OverconstrainedError(facingMode), yet video-plain was delivered facingMode environment',
    ]);
  });

  it('treats the unsupported sampleRate constraint as ignored (info), not as unverifiable', () => {
    expect(messages(verdict, 'info')).toContain(
      'exact sampleRate 44100 granted, but getSettings() has no sampleRate (sampleRate is not a supported constraint)',
    );
  });

  it('reports sound it could not measure as info and omits firstSoundMsMedian rather than reporting NaN', () => {
    expect(messages(verdict, 'info').some((m) => m.startsWith('first sound not measured in audio-plain: AudioContext stayed suspended'))).toBe(true);
    expect(verdict.metrics).not.toHaveProperty('firstSoundMsMedian');
    expect(verdict.metrics['maxFrameRateDelivered']).toBe(30);
  });
});

describe('pass rule edges (constructed fixtures: fixtures/constructed/gum-constraints/)', () => {
  it('fails an exact constraint that is granted but delivered otherwise; the same delivery under ideal is only info', () => {
    const verdict = evaluateGumConstraints(loadConstructed('exact-granted-but-mismatched.json'));
    expect(statusOf(verdict)).toBe('fail');
    expect(messages(verdict, 'fail')).toEqual(['exact 1280x720 granted, but delivered 640x480 (exact must be met or rejected)']);
    expect(messages(verdict, 'info')).toContain('ideal 1280x720 not met: delivered 640x480');
  });

  it('fails when a basic case (plain video, VGA ideal) is rejected, and omits video metrics it cannot compute', () => {
    const verdict = evaluateGumConstraints(loadConstructed('plain-video-rejected-notreadable.json'));
    expect(statusOf(verdict)).toBe('fail');
    expect(messages(verdict, 'fail')).toEqual([
      'plain video rejected: NotReadableError: Could not start video source',
      'ideal 640x480 rejected: NotReadableError: Could not start video source',
    ]);
    for (const name of ['maxWidthDelivered', 'maxHeightDelivered', 'maxFrameRateDelivered', 'firstFrameMsMedian']) {
      expect(verdict.metrics).not.toHaveProperty(name);
    }
    expect(verdict.metrics['firstSoundMsMedian']).toBe(120);
  });

  it('warns when granted video shows no frame within the case timeout, with the reason the page noted', () => {
    const verdict = evaluateGumConstraints(loadConstructed('granted-video-without-first-frame.json'));
    expect(statusOf(verdict)).toBe('warn');
    const [warning, ...others] = messages(verdict, 'warn');
    expect(others).toEqual([]);
    expect(warning).toMatch(/^plain video: no video frame within 3000 ms \(video\.play\(\) rejected: NotAllowedError/);
  });

  it('warns, not info, when an exact case is rejected naming another constraint or getUserMedia never settles', () => {
    const verdict = evaluateGumConstraints(loadConstructed('exact-rejected-for-unrelated-reasons.json'));
    expect(statusOf(verdict)).toBe('warn');
    expect(messages(verdict, 'warn')).toEqual([
      'exact 3840x2160 rejected: OverconstrainedError(facingMode): Constraints could not be satisfied.',
      'exact 60 fps rejected: TimeoutError: getUserMedia did not settle within 3000 ms',
    ]);
  });

  it('fails without navigator.mediaDevices.getUserMedia and skips when no case ran', () => {
    const empty: GumRaw = { gumAvailable: true, caseTimeoutMs: 3000, silenceThreshold: 0.01, supportedConstraints: [], cases: [], totalMs: 0 };
    expect(statusOf(evaluateGumConstraints({ ...empty, gumAvailable: false }))).toBe('fail');
    expect(statusOf(evaluateGumConstraints(empty))).toBe('skip');
  });
});

describe('default matrix', () => {
  const byId = new Map(DEFAULT_CASES.map((c) => [c.id, c]));

  it('has unique ids, and exactly plain video, plain audio and VGA ideal as basic cases', () => {
    expect(byId.size).toBe(DEFAULT_CASES.length);
    expect(DEFAULT_CASES.filter((c) => c.basic).map((c) => c.id)).toEqual(['video-plain', 'audio-plain', 'video-vga-ideal']);
    expect(gumConstraintsProbe.defaultParams.cases).toEqual(DEFAULT_CASES);
  });

  it('writes exact, ideal and bare asks as the constraint shapes getUserMedia expects', () => {
    expect(byId.get('video-plain')?.constraints).toEqual({ video: true });
    expect(byId.get('video-4k-exact')?.constraints).toEqual({ video: { width: { exact: 3840 }, height: { exact: 2160 } } });
    expect(byId.get('video-30fps-ideal')?.constraints).toEqual({ video: { frameRate: { ideal: 30 } } });
    expect(byId.get('video-facing-environment-exact')?.constraints).toEqual({ video: { facingMode: { exact: 'environment' } } });
    expect(byId.get('audio-echo-cancellation-off')?.constraints).toEqual({ audio: { echoCancellation: false } });
    expect(byId.get('audio-44.1khz-exact')?.asks).toEqual({ mode: 'exact', settings: { sampleRate: 44100 } });
  });

  it('keeps the run short: video cases time their first frame, only plain audio waits for sound', () => {
    const timed = DEFAULT_CASES.filter((c) => c.measureSignal);
    expect(timed.every((c) => c.kind === 'video' || c.id === 'audio-plain')).toBe(true);
    expect(gumConstraintsProbe.defaultParams.caseTimeoutMs).toBeLessThanOrEqual(3000);
  });
});
