// Runs in the browser, one step per exported function; the harness carries the SDP from
// one browser's page to the other's (non-trickle: candidates travel inside the SDP).
import type { CodecCapability } from '../../core/codecCapability.js';
import { describeError } from '../page-kit/errors.js';
import { mimeTypeOf, webrtcCodecOf } from '../page-kit/ortc/capabilities.js';
import { activeOrtcTrace } from '../page-kit/ortc/trace.js';
import type { PageContext } from '../types.js';
import type { Capabilities, MediaReport, OfferRequest, OfferResult, StepResult } from './types.js';

const GATHER_LIMIT_MS = 3_000;
const MEDIA_LIMIT_MS = 8_000;

let stream: MediaStream | null = null;
let pc: RTCPeerConnection | null = null;
let startedAt = 0;

function listCodecs(kind: 'audio' | 'video'): CodecCapability[] {
  return (RTCRtpSender.getCapabilities(kind)?.codecs ?? []).map((c) => webrtcCodecOf(c, kind));
}

export async function capabilities(_arg: unknown, context: PageContext): Promise<Capabilities> {
  return { audio: listCodecs('audio'), video: listCodecs('video'), ...(context.ortc ? { ortc: context.ortc } : {}) };
}

/** `result` with what the shim handed the ORTC layer's RTP objects since `from` (edge-ortc column only). */
function withOrtcRtp<T extends StepResult>(from: number, result: T): T {
  const trace = activeOrtcTrace();
  return trace ? { ...result, ortcRtp: trace.rtp.slice(from) } : result;
}

const rtpMark = () => activeOrtcTrace()?.rtp.length ?? 0;

/** A fresh connection sending fake camera and microphone, plus a data channel. */
async function freshConnection(): Promise<RTCPeerConnection> {
  pc?.close();
  stream ??= await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
  pc = new RTCPeerConnection();
  startedAt = performance.now();
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  return pc;
}

/** The local description once gathering completed, or as it stands after GATHER_LIMIT_MS (then marked). */
async function gatheredDescription(connection: RTCPeerConnection): Promise<{ sdp: string; gatheringIncomplete?: true }> {
  if (connection.iceGatheringState !== 'complete') {
    await Promise.race([
      new Promise<void>((resolve) => connection.addEventListener('icegatheringstatechange', () => connection.iceGatheringState === 'complete' && resolve())),
      new Promise((resolve) => setTimeout(resolve, GATHER_LIMIT_MS)),
    ]);
  }
  return { sdp: connection.localDescription?.sdp ?? '', ...(connection.iceGatheringState === 'complete' ? {} : { gatheringIncomplete: true as const }) };
}

export async function offer(request: OfferRequest, _context: PageContext): Promise<OfferResult> {
  const connection = await freshConnection();
  let dataChannelError: string | undefined;
  try {
    connection.createDataChannel('negotiation');
  } catch (error) {
    dataChannelError = describeError(error);
  }
  let preferenceError: string | undefined;
  if (request.preferVideo) {
    const wanted =
      RTCRtpReceiver.getCapabilities('video')?.codecs.filter((c) => mimeTypeOf(c, 'video').toLowerCase() === request.preferVideo!.toLowerCase()) ?? [];
    if (wanted.length === 0) preferenceError = `${request.preferVideo} is not in this browser's receive capabilities`;
    else {
      try {
        // Inside the try: the Edge shim has no transceivers at all.
        connection
          .getTransceivers()
          .find((t) => t.sender.track?.kind === 'video')
          ?.setCodecPreferences(wanted);
      } catch (error) {
        preferenceError = describeError(error);
      }
    }
  }
  await connection.setLocalDescription(await connection.createOffer());
  return { ...(await gatheredDescription(connection)), ...(preferenceError ? { preferenceError } : {}), ...(dataChannelError ? { dataChannelError } : {}) };
}

export async function answer(request: { sdp: string }, _context: PageContext): Promise<StepResult> {
  const connection = await freshConnection();
  const from = rtpMark();
  try {
    await connection.setRemoteDescription({ type: 'offer', sdp: request.sdp });
    await connection.setLocalDescription(await connection.createAnswer());
    return withOrtcRtp(from, await gatheredDescription(connection));
  } catch (error) {
    return withOrtcRtp(from, { error: describeError(error) });
  }
}

export async function accept(request: { sdp: string }, _context: PageContext): Promise<StepResult> {
  const from = rtpMark();
  try {
    await pc!.setRemoteDescription({ type: 'answer', sdp: request.sdp });
    return withOrtcRtp(from, {});
  } catch (error) {
    return withOrtcRtp(from, { error: describeError(error) });
  }
}

async function codecsInUse(connection: RTCPeerConnection): Promise<Omit<MediaReport, 'connectionState' | 'connectMs'>> {
  const stats = await connection.getStats();
  const byId = new Map<string, Record<string, unknown>>();
  stats.forEach((s: Record<string, unknown>) => byId.set(s['id'] as string, s));
  const report: Omit<MediaReport, 'connectionState' | 'connectMs'> = { sending: {}, receiving: {}, framesDecoded: 0, audioPacketsReceived: 0 };
  for (const s of byId.values()) {
    const kind = (s['kind'] ?? s['mediaType']) as 'audio' | 'video' | undefined;
    const codec = typeof s['codecId'] === 'string' ? (byId.get(s['codecId'])?.['mimeType'] as string | undefined) : undefined;
    if (!kind || !codec) continue;
    if (s['type'] === 'outbound-rtp') report.sending[kind] = codec;
    if (s['type'] === 'inbound-rtp') {
      report.receiving[kind] = codec;
      if (kind === 'video') report.framesDecoded += Number(s['framesDecoded'] ?? 0);
      else report.audioPacketsReceived += Number(s['packetsReceived'] ?? 0);
    }
  }
  return report;
}

/** Waits (bounded) until video frames decode and audio arrives, then reports what getStats says is in use. */
export async function media(_arg: unknown, _context: PageContext): Promise<MediaReport> {
  const connection = pc!;
  let connectMs: number | null = null;
  const deadline = performance.now() + MEDIA_LIMIT_MS;
  let report = await codecsInUse(connection);
  while (performance.now() < deadline) {
    if (connectMs === null && connection.connectionState === 'connected') connectMs = Math.round(performance.now() - startedAt);
    if (connection.connectionState === 'failed') break;
    report = await codecsInUse(connection);
    if (report.framesDecoded > 0 && report.audioPacketsReceived > 0 && report.sending.video && report.sending.audio) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { connectionState: connection.connectionState, connectMs, ...report };
}

export async function close(_arg: unknown, _context: PageContext): Promise<void> {
  pc?.close();
  pc = null;
  stream?.getTracks().forEach((t) => t.stop());
  stream = null;
}
