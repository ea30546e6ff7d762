// Runs in the browser: a call to a media server. The page publishes the camera and microphone
// (fake ones under the harness, real ones in a served page) and a data channel to Janus's
// EchoTest, which sends all of it back, directly or relayed by the run's TURN server, as ICE
// finds (a real client's choice: the TURN server is offered, not forced). The
// Janus API is spoken from here (probes/page-kit/janusApi.ts), with no help from the Node side.
// Each leg is sampled apart every second: upstream from Janus's receiver reports
// (remote-inbound-rtp), downstream from what comes back (inbound-rtp). EchoTest's bitrate cap is
// raised step by step while the path carries it (capacity.ts), and data channel messages are
// echoed for a round-trip distribution.
import { appendSample, emptySeriesSet, type SeriesSet } from '../../core/series.js';
import { type JanusReply, JanusApiError, JanusSession } from '../page-kit/janusApi.js';
import { isTurnUrl, publicServer, toRtcIceServer } from '../page-kit/iceServers.js';
import { statsById } from '../page-kit/loopbackCall.js';
import { stepCarried, stepFigures } from './capacity.js';
import {
  type CapStep,
  DOWNSTREAM_FIELDS,
  DOWNSTREAM_SET,
  type ServerEchoParams,
  type ServerEchoRaw,
  type ServerEchoStage,
  UPSTREAM_FIELDS,
  UPSTREAM_SET,
} from './types.js';

const ECHOTEST = 'janus.plugin.echotest';
/** IPv4 20 + UDP 8 + SRTP tag 10 + header extensions ~8 bytes per packet beyond what getStats counts as header and payload. */
const PACKET_OVERHEAD_BYTES = 46;
const WIDTH = 640;
const HEIGHT = 480;
const FPS = 20;

type Stats = Map<string, Record<string, unknown>>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const kindOf = (s: Record<string, unknown>) => (s['kind'] ?? s['mediaType']) as string | undefined;
const find = (stats: Stats, type: string, kind: string) => [...stats.values()].find((s) => s['type'] === type && kindOf(s) === kind);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function selectedPair(stats: Stats): Record<string, unknown> | undefined {
  const transport = [...stats.values()].find((s) => s['type'] === 'transport' && s['selectedCandidatePairId']);
  return (
    (transport && stats.get(transport['selectedCandidatePairId'] as string)) ??
    [...stats.values()].find((s) => s['type'] === 'candidate-pair' && (s['selected'] || s['nominated']) && s['state'] === 'succeeded')
  );
}

/**
 * The camera picture with moving noise drawn over it, as the video track: a plain (fake) camera
 * picture compresses far below the caps the search tries, so the encoder could never show what
 * the path carries. Noise is incompressible: the encoder fills whatever the cap allows.
 */
async function noisyVideo(camera: MediaStreamTrack): Promise<{ track: MediaStreamTrack; stop(): void }> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([camera]);
  await video.play();
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const context = canvas.getContext('2d')!;
  const noise = document.createElement('canvas');
  noise.width = WIDTH * 2;
  noise.height = HEIGHT * 2;
  const noiseContext = noise.getContext('2d')!;
  const image = noiseContext.createImageData(noise.width, noise.height);
  const words = new Uint32Array(image.data.buffer);
  // getRandomValues fills at most 64 kB at a time.
  for (let offset = 0; offset < words.length; offset += 16_384) crypto.getRandomValues(words.subarray(offset, offset + 16_384));
  for (let i = 0; i < words.length; i++) words[i] = words[i]! | 0xff000000;
  noiseContext.putImageData(image, 0, 0);
  const draw = () => {
    context.globalAlpha = 1;
    context.drawImage(video, 0, 0, WIDTH, HEIGHT);
    context.globalAlpha = 0.35;
    context.drawImage(noise, -Math.floor(Math.random() * WIDTH), -Math.floor(Math.random() * HEIGHT));
  };
  draw();
  const timer = setInterval(draw, 1000 / FPS);
  const [track] = canvas.captureStream(FPS).getVideoTracks();
  return {
    track: track!,
    stop: () => {
      clearInterval(timer);
      track!.stop();
      video.srcObject = null;
    },
  };
}

/** Resolves when ICE connected and the data channel opened; rejects on ICE failure or after `limitMs`. */
function connected(pc: RTCPeerConnection, channel: RTCDataChannel, session: JanusSession, limitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`ICE did not connect to Janus within ${limitMs} ms (state ${pc.iceConnectionState})`)), limitMs);
    const poll = setInterval(() => session.failure && finish(session.failure), 200);
    const check = () => {
      if (pc.iceConnectionState === 'failed') finish(new Error('ICE failed: no candidate pair to Janus worked'));
      else if ((pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') && channel.readyState === 'open') finish();
    };
    const finish = (error?: unknown) => {
      clearTimeout(timer);
      clearInterval(poll);
      pc.removeEventListener('iceconnectionstatechange', check);
      channel.removeEventListener('open', check);
      if (error) reject(error);
      else resolve();
    };
    pc.addEventListener('iceconnectionstatechange', check);
    channel.addEventListener('open', check);
    check();
  });
}

/** Whether the carried rate (estimate, else wire rate) of the last two samples is 5% above the two before. */
function stillRising(up: SeriesSet): boolean {
  const rate = (up.series['bweKbps'] ?? []).some((v) => v !== null) ? up.series['bweKbps']! : (up.series['wireKbps'] ?? []);
  const [a, b, c, d] = rate.slice(-4).map((v) => v ?? 0);
  return d !== undefined && c! + d > (a! + b!) * 1.05;
}

/** Which way the call goes: the selected pair's local candidate type (relay: through TURN). */
async function selectedPath(pc: RTCPeerConnection): Promise<Pick<ServerEchoRaw, 'relayed' | 'localCandidateType'>> {
  const stats = await statsById(pc);
  const local = stats.get(String(selectedPair(stats)?.['localCandidateId']));
  const type = typeof local?.['candidateType'] === 'string' ? local['candidateType'] : undefined;
  return { relayed: type === 'relay', ...(type !== undefined ? { localCandidateType: type } : {}) };
}

/** kbit/s between two samples of a byte counter. */
function kbps(now: number | undefined, before: number | undefined, seconds: number): number | undefined {
  return now !== undefined && before !== undefined && seconds > 0 ? Math.round(((now - before) * 8) / seconds / 100) / 10 : undefined;
}

const sum = (...values: (number | undefined)[]) => (values.every((v) => v === undefined) ? undefined : values.reduce<number>((a, v) => a + (v ?? 0), 0));

/** The counters a sample turns into rates. */
interface Totals {
  at: number;
  sentBytes?: number;
  sentPackets?: number;
  receivedBytes?: number;
}

function totalsOf(stats: Stats, at: number): Totals {
  const outbound = [find(stats, 'outbound-rtp', 'audio'), find(stats, 'outbound-rtp', 'video')];
  const inbound = [find(stats, 'inbound-rtp', 'audio'), find(stats, 'inbound-rtp', 'video')];
  const totals: Totals = { at };
  const sentBytes = sum(...outbound.map((s) => sum(num(s?.['bytesSent']), num(s?.['headerBytesSent']))));
  const sentPackets = sum(...outbound.map((s) => num(s?.['packetsSent'])));
  const receivedBytes = sum(...inbound.map((s) => num(s?.['bytesReceived'])));
  if (sentBytes !== undefined) totals.sentBytes = sentBytes;
  if (sentPackets !== undefined) totals.sentPackets = sentPackets;
  if (receivedBytes !== undefined) totals.receivedBytes = receivedBytes;
  return totals;
}

const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.round(seconds * 10_000) / 10);

function sample(up: SeriesSet, down: SeriesSet, stats: Stats, t: number, capKbps: number, now: Totals, before: Totals | null): void {
  const seconds = before ? (now.at - before.at) / 1000 : 0;
  const outAudio = find(stats, 'outbound-rtp', 'audio');
  const outVideo = find(stats, 'outbound-rtp', 'video');
  const serverAudio = find(stats, 'remote-inbound-rtp', 'audio');
  const serverVideo = find(stats, 'remote-inbound-rtp', 'video');
  const inAudio = find(stats, 'inbound-rtp', 'audio');
  const inVideo = find(stats, 'inbound-rtp', 'video');
  const pair = selectedPair(stats);
  const sendKbps = kbps(now.sentBytes, before?.sentBytes, seconds);
  const packetsPerSecond =
    before && now.sentPackets !== undefined && before.sentPackets !== undefined && seconds > 0 ? (now.sentPackets - before.sentPackets) / seconds : undefined;
  const bwe = num(pair?.['availableOutgoingBitrate']);
  appendSample(up, t, {
    capKbps,
    sendKbps,
    wireKbps:
      sendKbps !== undefined && packetsPerSecond !== undefined
        ? Math.round((sendKbps + (packetsPerSecond * PACKET_OVERHEAD_BYTES * 8) / 1000) * 10) / 10
        : undefined,
    bweKbps: bwe === undefined ? undefined : Math.round(bwe / 1000),
    audioSent: num(outAudio?.['packetsSent']),
    audioLostAtServer: num(serverAudio?.['packetsLost']),
    videoSent: num(outVideo?.['packetsSent']),
    videoLostAtServer: num(serverVideo?.['packetsLost']),
    upJitterMs: ms(num(serverAudio?.['jitter'])),
    rttMs: ms(num(serverAudio?.['roundTripTime']) ?? num(serverVideo?.['roundTripTime']) ?? num(pair?.['currentRoundTripTime'])),
    sentFps: num(outVideo?.['framesPerSecond']),
    sentHeight: num(outVideo?.['frameHeight']),
  });
  appendSample(down, t, {
    receiveKbps: kbps(now.receivedBytes, before?.receivedBytes, seconds),
    audioReceived: num(inAudio?.['packetsReceived']),
    audioLost: num(inAudio?.['packetsLost']),
    videoReceived: num(inVideo?.['packetsReceived']),
    downJitterMs: ms(num(inAudio?.['jitter'])),
    framesDecoded: num(inVideo?.['framesDecoded']),
    freezeCount: num(inVideo?.['freezeCount']),
    receivedFps: num(inVideo?.['framesPerSecond']),
    receivedHeight: num(inVideo?.['frameHeight']),
  });
}

function codecsOf(stats: Stats): ServerEchoRaw['codecs'] {
  const codecs: ServerEchoRaw['codecs'] = {};
  for (const kind of ['audio', 'video'] as const) {
    const s = find(stats, 'outbound-rtp', kind);
    const mime = s && typeof s['codecId'] === 'string' ? stats.get(s['codecId'])?.['mimeType'] : undefined;
    if (typeof mime === 'string') codecs[kind] = mime;
  }
  return codecs;
}

/**
 * Sends a numbered message every `pingMs`; EchoTest sends each text back with a prefix of its
 * own ("Janus EchoTest here! You wrote: "), so the number is read from the end.
 */
function startPings(pc: RTCPeerConnection, channel: RTCDataChannel, pingMs: number): { sent: () => number; rtts: number[]; stop(): void } {
  const rtts: number[] = [];
  const outstanding = new Map<string, number>();
  let sent = 0;
  const onMessage = (event: MessageEvent) => {
    const text = typeof event.data === 'string' ? event.data : '';
    const id = text.slice(text.lastIndexOf('ping-'));
    const at = outstanding.get(id);
    if (at === undefined) return;
    outstanding.delete(id);
    rtts.push(Math.round((performance.now() - at) * 10) / 10);
  };
  channel.addEventListener('message', onMessage);
  // Janus may answer on a channel it opens itself with the same label.
  pc.addEventListener('datachannel', (event) => event.channel.addEventListener('message', onMessage));
  const timer = setInterval(() => {
    if (channel.readyState !== 'open') return;
    const id = `ping-${sent++}`;
    outstanding.set(id, performance.now());
    channel.send(id);
  }, pingMs);
  return { sent: () => sent, rtts, stop: () => clearInterval(timer) };
}

export async function run(params: ServerEchoParams): Promise<ServerEchoRaw> {
  const turn = params.servers.filter(isTurnUrl);
  const base: ServerEchoRaw = {
    server: params.janus?.label ?? '',
    opaqueId: `webrtc-harness-${Math.random().toString(36).slice(2, 12)}`,
    relayed: false,
    iceServers: turn.map(publicServer),
    durationMs: 0,
    steps: [],
    sets: [],
    pings: { sent: 0, rttMs: [] },
    codecs: {},
    thresholds: params.thresholds,
  };
  if (!params.janus) return base;
  const started = performance.now();
  const failed = (stage: ServerEchoStage, error: unknown): ServerEchoRaw => ({
    ...base,
    failure: {
      stage,
      kind: error instanceof JanusApiError ? error.kind : 'ice',
      message: error instanceof Error ? error.message : String(error),
    },
    durationMs: Math.round(performance.now() - started),
  });
  let session: JanusSession;
  try {
    session = await JanusSession.open(params.janus);
  } catch (error) {
    return failed('session', error);
  }
  const cleanup: (() => void)[] = [];
  try {
    let handle: number;
    try {
      handle = await session.attach(ECHOTEST, base.opaqueId);
    } catch (error) {
      return failed('attach', error);
    }
    const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: WIDTH, height: HEIGHT } });
    cleanup.push(() => media.getTracks().forEach((t) => t.stop()));
    const video = await noisyVideo(media.getVideoTracks()[0]!);
    cleanup.push(() => video.stop());
    // Every path a real client has: direct to the server, or relayed by TURN when that is all that works.
    const pc = new RTCPeerConnection({ iceServers: turn.map(toRtcIceServer) });
    cleanup.push(() => pc.close());
    const stream = new MediaStream([...media.getAudioTracks(), video.track]);
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    // Unordered, no retransmission: a lost echo counts as lost instead of arriving late.
    const channel = pc.createDataChannel('echo', { ordered: false, maxRetransmits: 0 });
    const trickled: Promise<unknown>[] = [];
    pc.addEventListener('icecandidate', (event) => trickled.push(session.trickle(handle, event.candidate).catch(() => undefined)));
    try {
      await pc.setLocalDescription(await pc.createOffer());
      const transaction = await session.message(handle, { audio: true, video: true, data: true, bitrate: params.stepsKbps[0]! * 1000 }, pc.localDescription!);
      const answer = await session.nextEvent(
        (e: JanusReply) => e.transaction === transaction && (e.jsep !== undefined || e.pluginData?.['error'] !== undefined),
        params.connectLimitMs,
      );
      if (!answer.jsep) throw new JanusApiError('error', `EchoTest refused the offer: ${String(answer.pluginData?.['error'] ?? '?').slice(0, 200)}`);
      await pc.setRemoteDescription(answer.jsep);
    } catch (error) {
      return failed('negotiate', error);
    }
    try {
      await connected(pc, channel, session, params.connectLimitMs);
    } catch (error) {
      if (error instanceof JanusApiError && error.kind === 'gone') throw error;
      return failed('ice', error);
    }
    const connectMs = Math.round(performance.now() - started);
    const path = await selectedPath(pc);
    const pings = startPings(pc, channel, params.pingMs);
    cleanup.push(() => pings.stop());
    const up = emptySeriesSet(UPSTREAM_SET, UPSTREAM_FIELDS);
    const down = emptySeriesSet(DOWNSTREAM_SET, DOWNSTREAM_FIELDS);
    up.units = {
      capKbps: 'kbit/s',
      sendKbps: 'kbit/s',
      wireKbps: 'kbit/s',
      bweKbps: 'kbit/s',
      upJitterMs: 'ms',
      rttMs: 'ms',
      sentFps: 'fps',
      sentHeight: 'px',
    };
    down.units = { receiveKbps: 'kbit/s', downJitterMs: 'ms', receivedFps: 'fps', receivedHeight: 'px' };
    const steps: CapStep[] = [];
    const callStart = performance.now();
    let before: Totals | null = null;
    let codecs: ServerEchoRaw['codecs'] = {};
    for (const [index, capKbps] of params.stepsKbps.entries()) {
      if (index > 0) await session.message(handle, { bitrate: capKbps * 1000 });
      const fromT = Math.round((performance.now() - callStart) / 100) / 10;
      const stepStart = performance.now();
      const stepGoesOn = () => {
        const elapsed = performance.now() - stepStart;
        if (elapsed < params.stepMs) return true;
        // A step not (yet) carried goes on, up to twice its time, while the rate still climbs: congestion control ramps up by ~8% a second.
        if (elapsed >= params.stepMs * 2) return false;
        const step = { capKbps, fromT, toT: up.t.at(-1) ?? fromT };
        return !stepCarried(stepFigures(up, step)) && stillRising(up);
      };
      while (stepGoesOn()) {
        await sleep(params.sampleMs);
        // Janus gone mid-call: the call cannot go on, and the reason is the probe's error.
        if (session.failure) throw session.failure;
        const stats = await statsById(pc);
        const at = performance.now();
        const now = totalsOf(stats, at);
        sample(up, down, stats, Math.round((at - callStart) / 100) / 10, capKbps, now, before);
        before = now;
        codecs = codecsOf(stats);
      }
      const step = { capKbps, fromT, toT: up.t.at(-1) ?? fromT };
      steps.push(step);
      if (!stepCarried(stepFigures(up, step))) break;
    }
    // The last echoes get a moment to come back.
    pings.stop();
    await sleep(Math.min(1_000, params.pingMs * 4));
    if (session.failure) throw session.failure;
    await Promise.all(trickled);
    return {
      ...base,
      ...path,
      connectMs,
      durationMs: Math.round(performance.now() - started),
      steps,
      sets: [up, down],
      pings: { sent: pings.sent(), rttMs: [...pings.rtts] },
      codecs,
    };
  } finally {
    for (const undo of cleanup.reverse()) undo();
    await session.close();
  }
}
