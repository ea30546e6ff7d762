// A call between two peer connections in one page (through the TURN relay when configured)
// sending the marked source; the receiving end shows it in a <video> and reads every frame as
// it is shown (page-kit/frameReader). One page, one clock: send and display times compare.
// Needs nothing from the Node side during the call, so the served page can call run() as is.
import { type LoopbackCall, sendThroughLoopback, statsById } from '../page-kit/loopbackCall.js';
import { framePainter, startMarkedSource } from '../page-kit/markedSource.js';
import { type FrameReaderOptions, type FrameRecord, type FreezeEvent, type PageStall, startFrameReader } from '../page-kit/frameReader.js';
import { median } from '../../core/median.js';
import type { AnalysisCost, CameraCheckParams, ReceivedFrames, VideoInboundStats, VideoQualityParams, VideoQualityRaw } from './types.js';

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
}

async function inboundVideo(pc: RTCPeerConnection): Promise<VideoInboundStats | null> {
  const stats = await statsById(pc);
  const inbound = [...stats.values()].find((s) => s['type'] === 'inbound-rtp' && (s['kind'] ?? s['mediaType']) === 'video');
  if (!inbound) return null;
  const codec = typeof inbound['codecId'] === 'string' ? stats.get(inbound['codecId'])?.['mimeType'] : undefined;
  const fields = [
    'framesReceived',
    'framesDecoded',
    'framesDropped',
    'freezeCount',
    'totalFreezesDuration',
    'framesPerSecond',
    'frameWidth',
    'frameHeight',
  ] as const;
  const picked: VideoInboundStats = Object.fromEntries(fields.flatMap((f) => (num(inbound[f]) === undefined ? [] : [[f, num(inbound[f])]])));
  return typeof codec === 'string' ? { ...picked, codec } : picked;
}

/** How long the sending encoder was held back, and by what (Chromium's outbound-rtp qualityLimitationDurations, s). */
async function encoderLimits(pc: RTCPeerConnection): Promise<VideoQualityRaw['sender']> {
  const stats = await statsById(pc);
  const outbound = [...stats.values()].find((s) => s['type'] === 'outbound-rtp' && (s['kind'] ?? s['mediaType']) === 'video');
  const durations = outbound?.['qualityLimitationDurations'];
  if (typeof durations !== 'object' || durations === null) return null;
  return { qualityLimitationDurations: Object.fromEntries(Object.entries(durations).flatMap(([k, v]) => (num(v) === undefined ? [] : [[k, num(v)!]]))) };
}

function appendFrame(frames: ReceivedFrames, r: FrameRecord): void {
  frames.t.push(round(r.t, 1));
  frames.frame.push(r.mark?.frame ?? -1);
  frames.delayMs.push(r.delayMs === null ? null : round(r.delayMs, 1));
  frames.width.push(r.width);
  frames.height.push(r.height);
  frames.black.push(r.black ? 1 : 0);
  frames.psnrDb.push(r.psnrDb === null ? null : round(r.psnrDb, 2));
  frames.ssim.push(r.ssim === null ? null : round(r.ssim, 4));
}

/** What reading a shown stream for a while gives, before the source and the call are added. */
type Reading = Pick<VideoQualityRaw, 'reader' | 'frames' | 'liveFreezes' | 'pageStalls' | 'cost'> & { endedAt: number };

/** Plays `stream` in a <video> on the page and reads every frame for `durationMs` (page-kit/frameReader). */
async function readFrames(stream: MediaStream, options: Omit<FrameReaderOptions, 'onFrame' | 'onFreeze' | 'onStall'>, durationMs: number): Promise<Reading> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.width = 320;
  document.body.append(video);
  const frames: ReceivedFrames = { t: [], frame: [], delayMs: [], width: [], height: [], black: [], psnrDb: [], ssim: [] };
  const liveFreezes: FreezeEvent[] = [];
  const pageStalls: PageStall[] = [];
  try {
    video.srcObject = stream;
    await video.play();
    const began = performance.now();
    const reader = startFrameReader(video, stream.getVideoTracks()[0]!, {
      ...options,
      onFrame: (record) => appendFrame(frames, record),
      onFreeze: (event) => liveFreezes.push({ fromMs: round(event.fromMs, 1), detectedAtMs: round(event.detectedAtMs, 1) }),
      onStall: (stall) => pageStalls.push({ fromMs: round(stall.fromMs, 1), durationMs: round(stall.durationMs, 1) }),
    });
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    reader.stop();
    const endedAt = performance.now();
    const busy = [...reader.costs.perFrame, ...reader.costs.full].reduce((a, b) => a + b, 0);
    const cost: AnalysisCost = {
      perFrameMsMedian: round(median(reader.costs.perFrame) ?? 0, 2),
      perFrameMsP95: round(percentile(reader.costs.perFrame, 0.95), 2),
      fullMsMedian: round(median(reader.costs.full) ?? 0, 2),
      fullMsP95: round(percentile(reader.costs.full, 0.95), 2),
      busyPct: round((busy / (endedAt - began)) * 100, 1),
    };
    return { reader: reader.kind, frames, liveFreezes, pageStalls, cost, endedAt };
  } finally {
    video.srcObject = null;
    video.remove();
  }
}

export async function run(params: VideoQualityParams): Promise<VideoQualityRaw> {
  const paint = framePainter();
  const source = startMarkedSource({ mode: params.source, fps: params.fps, freezeAtMs: params.freezeAtMs }, paint);
  let call: LoopbackCall | null = null;
  try {
    const sent = await sendThroughLoopback(params.servers, source.stream, params.limitMs);
    call = sent.call;
    const remote = sent.received;
    const { endedAt, ...reading } = await readFrames(
      remote,
      { origin: source.startedAt, paint: params.source === 'black' ? null : paint, psnrEvery: params.psnrEvery, fps: params.fps },
      params.durationMs,
    );
    const stoppedAt = source.stoppedAt();
    return {
      ...reading,
      relayed: call.relayed,
      source: {
        mode: params.source,
        fps: params.fps,
        framesDrawn: source.framesDrawn(),
        stoppedAtMs: stoppedAt === null ? null : round(stoppedAt - source.startedAt, 1),
      },
      durationMs: round(endedAt - source.startedAt, 0),
      psnrEvery: params.psnrEvery,
      stats: await inboundVideo(call.callee),
      sender: await encoderLimits(call.caller),
      thresholds: params.thresholds,
    };
  } finally {
    call?.close();
    source.stop();
  }
}

/**
 * The served page's camera check: the default camera, read frame by frame for `durationMs`
 * without a call. No marks, so no PSNR or delay: black frames and freezes (a repeat is a frame
 * with SSIM >= 0.985 to the one before). Judged by evaluateVideoQuality like a call.
 */
export async function cameraCheck(params: CameraCheckParams): Promise<VideoQualityRaw> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  const origin = performance.now();
  const fps = stream.getVideoTracks()[0]?.getSettings().frameRate ?? 30;
  try {
    const { endedAt, ...reading } = await readFrames(stream, { origin, paint: null, psnrEvery: 1, fps }, params.durationMs);
    return {
      ...reading,
      relayed: false,
      source: { mode: 'camera', fps, framesDrawn: 0, stoppedAtMs: null },
      durationMs: round(endedAt - origin, 0),
      psnrEvery: 1,
      stats: null,
      thresholds: params.thresholds,
    };
  } finally {
    for (const track of stream.getTracks()) track.stop();
  }
}
