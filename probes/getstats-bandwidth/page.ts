// A call between two peer connections in one page (through the TURN relay when one is
// configured, so it crosses the scenario's network) sending the fake camera and microphone;
// getStats() is sampled every second on both ends.
import { appendSample, emptySeriesSet } from '../../core/series.js';
import { startLoopbackCall, statsById } from '../page-kit/loopbackCall.js';
import { type BandwidthParams, type BandwidthRaw, QUALITY_LIMITATION_CODES } from './types.js';

export const SENDER_FIELDS = [
  'audioSendKbps',
  'videoSendKbps',
  'availableOutgoingKbps',
  'rttMs',
  'sentFps',
  'sentWidth',
  'sentHeight',
  'nackCount',
  'pliCount',
  'firCount',
  'qualityLimitation',
];
export const RECEIVER_FIELDS = [
  'audioReceiveKbps',
  'videoReceiveKbps',
  'receivedPps',
  'audioJitterMs',
  'videoJitterMs',
  'packetsLost',
  'lossPct',
  'receivedFps',
  'receivedWidth',
  'receivedHeight',
  'jitterBufferDelayMs',
];

type Stats = Map<string, Record<string, unknown>>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const kindOf = (s: Record<string, unknown>) => (s['kind'] ?? s['mediaType']) as string | undefined;
const find = (stats: Stats, type: string, kind: string) => [...stats.values()].find((s) => s['type'] === type && kindOf(s) === kind);

function selectedPair(stats: Stats): Record<string, unknown> | undefined {
  const transport = [...stats.values()].find((s) => s['type'] === 'transport' && s['selectedCandidatePairId']);
  return (
    (transport && stats.get(transport['selectedCandidatePairId'] as string)) ??
    [...stats.values()].find((s) => s['type'] === 'candidate-pair' && (s['selected'] || s['nominated']) && s['state'] === 'succeeded')
  );
}

/** kbit/s between two samples of a byte counter. */
function kbps(now: unknown, before: unknown, seconds: number): number | undefined {
  const a = num(now);
  const b = num(before);
  return a !== undefined && b !== undefined && seconds > 0 ? Math.round(((a - b) * 8) / seconds / 100) / 10 : undefined;
}

export async function run(params: BandwidthParams): Promise<BandwidthRaw> {
  const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
  const call = await startLoopbackCall(params.servers, (caller) => media.getTracks().forEach((t) => caller.addTrack(t, media)), params.limitMs * 2);
  const sender = emptySeriesSet('caller (sending)', SENDER_FIELDS);
  const receiver = emptySeriesSet('callee (receiving)', RECEIVER_FIELDS);
  sender.units = { audioSendKbps: 'kbit/s', videoSendKbps: 'kbit/s', availableOutgoingKbps: 'kbit/s', rttMs: 'ms', sentFps: 'fps' };
  receiver.units = {
    audioReceiveKbps: 'kbit/s',
    videoReceiveKbps: 'kbit/s',
    audioJitterMs: 'ms',
    videoJitterMs: 'ms',
    lossPct: '%',
    receivedFps: 'fps',
    jitterBufferDelayMs: 'ms',
  };
  const qualityLimitation: Record<string, number> = {};
  const codecs: BandwidthRaw['codecs'] = {};
  const started = performance.now();
  let previous: { at: number; out: Stats; in: Stats } | null = null;
  try {
    while (performance.now() - started < params.durationMs) {
      await new Promise((resolve) => setTimeout(resolve, params.sampleMs));
      const [out, inn] = await Promise.all([statsById(call.caller), statsById(call.callee)]);
      const at = performance.now();
      const t = Math.round((at - started) / 100) / 10;
      const seconds = previous ? (at - previous.at) / 1000 : 0;
      const before = (stats: Stats | undefined, type: string, kind: string) => (stats ? find(stats, type, kind) : undefined);
      const outVideo = find(out, 'outbound-rtp', 'video');
      const outAudio = find(out, 'outbound-rtp', 'audio');
      const inVideo = find(inn, 'inbound-rtp', 'video');
      const inAudio = find(inn, 'inbound-rtp', 'audio');
      const pair = selectedPair(out);
      const reason = outVideo?.['qualityLimitationReason'];
      if (typeof reason === 'string') qualityLimitation[reason] = (qualityLimitation[reason] ?? 0) + params.sampleMs / 1000;
      for (const [kind, s] of [
        ['audio', outAudio],
        ['video', outVideo],
      ] as const) {
        const mime = s && typeof s['codecId'] === 'string' ? out.get(s['codecId'])?.['mimeType'] : undefined;
        if (typeof mime === 'string') codecs[kind] = mime;
      }
      const remoteVideo = find(out, 'remote-inbound-rtp', 'video');
      const rtt = num(pair?.['currentRoundTripTime']) ?? num(remoteVideo?.['roundTripTime']);
      appendSample(sender, t, {
        audioSendKbps: kbps(outAudio?.['bytesSent'], before(previous?.out, 'outbound-rtp', 'audio')?.['bytesSent'], seconds),
        videoSendKbps: kbps(outVideo?.['bytesSent'], before(previous?.out, 'outbound-rtp', 'video')?.['bytesSent'], seconds),
        availableOutgoingKbps: num(pair?.['availableOutgoingBitrate']) !== undefined ? Math.round(num(pair?.['availableOutgoingBitrate'])! / 1000) : undefined,
        rttMs: rtt !== undefined ? Math.round(rtt * 10000) / 10 : undefined,
        sentFps: num(outVideo?.['framesPerSecond']),
        sentWidth: num(outVideo?.['frameWidth']),
        sentHeight: num(outVideo?.['frameHeight']),
        nackCount: num(outVideo?.['nackCount']),
        pliCount: num(outVideo?.['pliCount']),
        firCount: num(outVideo?.['firCount']),
        qualityLimitation: typeof reason === 'string' ? (QUALITY_LIMITATION_CODES[reason] ?? QUALITY_LIMITATION_CODES['other']) : undefined,
      });
      const lostNow = (num(inVideo?.['packetsLost']) ?? 0) + (num(inAudio?.['packetsLost']) ?? 0);
      const receivedNow = (num(inVideo?.['packetsReceived']) ?? 0) + (num(inAudio?.['packetsReceived']) ?? 0);
      const prevVideo = before(previous?.in, 'inbound-rtp', 'video');
      const prevAudio = before(previous?.in, 'inbound-rtp', 'audio');
      const lostBefore = (num(prevVideo?.['packetsLost']) ?? 0) + (num(prevAudio?.['packetsLost']) ?? 0);
      const receivedBefore = (num(prevVideo?.['packetsReceived']) ?? 0) + (num(prevAudio?.['packetsReceived']) ?? 0);
      const expected = lostNow - lostBefore + (receivedNow - receivedBefore);
      const delay = (num(inVideo?.['jitterBufferDelay']) ?? 0) - (num(prevVideo?.['jitterBufferDelay']) ?? 0);
      const emitted = (num(inVideo?.['jitterBufferEmittedCount']) ?? 0) - (num(prevVideo?.['jitterBufferEmittedCount']) ?? 0);
      appendSample(receiver, t, {
        audioReceiveKbps: kbps(inAudio?.['bytesReceived'], prevAudio?.['bytesReceived'], seconds),
        videoReceiveKbps: kbps(inVideo?.['bytesReceived'], prevVideo?.['bytesReceived'], seconds),
        audioJitterMs: num(inAudio?.['jitter']) !== undefined ? num(inAudio?.['jitter'])! * 1000 : undefined,
        videoJitterMs: num(inVideo?.['jitter']) !== undefined ? num(inVideo?.['jitter'])! * 1000 : undefined,
        receivedPps: previous && seconds > 0 ? Math.round((receivedNow - receivedBefore) / seconds) : undefined,
        packetsLost: lostNow,
        lossPct: previous && expected > 0 ? Math.round(((lostNow - lostBefore) / expected) * 1000) / 10 : undefined,
        receivedFps: num(inVideo?.['framesPerSecond']),
        receivedWidth: num(inVideo?.['frameWidth']),
        receivedHeight: num(inVideo?.['frameHeight']),
        jitterBufferDelayMs: emitted > 0 ? Math.round((delay / emitted) * 10000) / 10 : undefined,
      });
      previous = { at, out, in: inn };
    }
  } finally {
    call.close();
    media.getTracks().forEach((t) => t.stop());
  }
  return {
    relayed: call.relayed,
    durationMs: Math.round(performance.now() - started),
    sets: [sender, receiver],
    qualityLimitation,
    codecs,
    thresholds: params.thresholds,
  };
}
