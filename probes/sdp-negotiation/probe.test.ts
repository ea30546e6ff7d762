import { describe, expect, it } from 'vitest';
import { capturedFixtureNames, loadRawFixture } from '../../test/support/fixtures.js';
import { statusOf } from '../types.js';
import { evaluateSdpNegotiation } from './probe.js';
import type { SdpNegotiationRaw } from './types.js';

const load = (name: string) => loadRawFixture<SdpNegotiationRaw>('sdp-negotiation', name);
const messages = (raw: SdpNegotiationRaw) => evaluateSdpNegotiation(raw).findings.map((f) => `${f.severity}: ${f.message}`);

describe('sdp-negotiation on live exchanges between the real browsers', () => {
  it('covers every ordered pair, each browser with itself too', () => {
    const pairs = capturedFixtureNames('sdp-negotiation').filter((n) => n.endsWith('-adapter-off.json'));
    expect(pairs).toEqual([
      'chromium-to-chromium-adapter-off.json',
      'chromium-to-firefox-adapter-off.json',
      'firefox-to-chromium-adapter-off.json',
      'firefox-to-firefox-adapter-off.json',
    ]);
  });

  it.each(capturedFixtureNames('sdp-negotiation'))('%s: the default exchange carries media and getStats agrees with the SDP', (name) => {
    const raw = load(name);
    const verdict = evaluateSdpNegotiation(raw);
    expect(statusOf(verdict)).not.toBe('fail');
    expect(messages(raw)).toContain(`info: ${raw.offerer}→${raw.answerer} default: audio opus, video vp8 in use`);
    expect(messages(raw).some((m) => m.includes('the SDP settled on'))).toBe(false);
  });

  it('Chromium forcing H264 towards Firefox, which lacks H264 here, leaves no video: information, not a failure', () => {
    const raw = load('chromium-to-firefox-adapter-off.json');
    expect(raw.capabilities.answerer.video.some((c) => c.mimeType === 'video/H264')).toBe(false);
    expect(messages(raw)).toContain('info: chromium→firefox prefer video/H264: connected, but no video frame was decoded (firefox cannot receive h264)');
  });

  it('Chromium rejects a Firefox offer narrowed by setCodecPreferences (stray rtcp-fb payload types): a warning', () => {
    const raw = load('firefox-to-chromium-adapter-off.json');
    const found = messages(raw).filter((m) => m.startsWith('warn: firefox→chromium prefer video/VP9'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/the answerer rejected the offer: OperationError/);
    expect(statusOf(evaluateSdpNegotiation(raw))).toBe('warn');
  });

  it('setCodecPreferences is honoured between Chromium and itself for VP9, H264 and AV1', () => {
    const found = messages(load('chromium-to-chromium-adapter-off.json'));
    for (const codec of ['VP9', 'H264', 'AV1']) expect(found).toContain(`info: chromium→chromium prefer video/${codec}: honoured`);
  });

  it('fails when the default exchange carries no media', () => {
    const raw = load('firefox-to-firefox-adapter-off.json');
    raw.attempts[0]!.answererMedia = { ...raw.attempts[0]!.answererMedia!, connectionState: 'failed' };
    expect(statusOf(evaluateSdpNegotiation(raw))).toBe('fail');
  });
});
