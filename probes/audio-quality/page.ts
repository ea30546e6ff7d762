// Two parts, both in the page alone (the served page can call them as they are):
// - the microphone check: a short recording of the default microphone with processing off —
//   RMS and peak level, clipping runs, mono or stereo (page-kit/audioLevels);
// - tone bursts from WebAudio sent through a call between two peer connections in one page
//   (through the TURN relay when configured); the sent and the received signal go into one
//   ScriptProcessor as two channels, so each burst's delay is counted in samples on one clock.
import { BurstDetector, LevelMeter } from '../page-kit/audioLevels.js';
import { describeError } from '../page-kit/errors.js';
import { type LoopbackCall, sendThroughLoopback, statsById } from '../page-kit/loopbackCall.js';
import type { AudioInboundStats, AudioQualityParams, AudioQualityRaw, BurstCall, BurstPlan, MicCheck } from './types.js';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A step that must not hang the page: rejects naming the step after `ms`. */
function within<T>(what: string, promise: Promise<T>, ms = 5_000): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms))]);
}

/**
 * Resumes the context; one that stays suspended cannot run. Firefox runs WebAudio only with an
 * audio output device: on a machine without one its contexts never leave `suspended`.
 */
async function running(ctx: AudioContext): Promise<void> {
  await within('AudioContext.resume', ctx.resume(), 3_000).catch(() => {
    throw new Error(`the AudioContext stays ${ctx.state}: WebAudio does not run here (Firefox needs an audio output device for it)`);
  });
}

/** Samples per ScriptProcessor block: ~43 ms at 48 kHz, small enough to keep up, large enough not to glitch. */
const BLOCK = 2048;

/** A processor node that runs (it must reach the destination) but plays nothing. */
function silentSink(ctx: AudioContext, inputs: number): ScriptProcessorNode {
  const processor = ctx.createScriptProcessor(BLOCK, inputs, 1);
  const mute = ctx.createGain();
  mute.gain.value = 0;
  processor.connect(mute).connect(ctx.destination);
  return processor;
}

export async function micCheck(ms: number): Promise<MicCheck> {
  // Processing off: the check judges the microphone, not the browser's gain control.
  const stream = await within(
    'getUserMedia',
    navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: { ideal: 2 } },
    }),
  );
  const ctx = new AudioContext();
  try {
    await running(ctx);
    const track = stream.getAudioTracks()[0]!;
    const settings = track.getSettings();
    const channels = settings.channelCount === 2 ? 2 : 1;
    const meters = Array.from({ length: channels }, () => new LevelMeter());
    let identical = channels === 2;
    const processor = silentSink(ctx, channels);
    processor.channelCountMode = 'explicit';
    processor.channelCount = channels;
    processor.addEventListener('audioprocess', (e) => {
      const data = meters.map((_, c) => e.inputBuffer.getChannelData(c));
      data.forEach((samples, c) => meters[c]!.push(samples));
      if (identical && data.length === 2) identical = data[0]!.every((v, i) => Math.abs(v - data[1]![i]!) < 1e-6);
    });
    ctx.createMediaStreamSource(stream).connect(processor);
    await sleep(ms);
    return {
      label: track.label,
      sampleRate: ctx.sampleRate,
      channels: meters.map((m) => m.summary()),
      identicalChannels: identical,
      settings: {
        echoCancellation: settings.echoCancellation,
        noiseSuppression: settings.noiseSuppression,
        autoGainControl: settings.autoGainControl,
        channelCount: settings.channelCount,
      },
    };
  } finally {
    // A context that will not close is left behind rather than hiding the outcome.
    await within('AudioContext.close', ctx.close()).catch(() => undefined);
    for (const t of stream.getTracks()) t.stop();
  }
}

/** Bursts on the gain of a steady tone, scheduled on the context's clock, with 2 ms ramps against clicks. */
function scheduleBursts(gain: GainNode, at: number, until: number, plan: BurstPlan): void {
  const amplitude = 10 ** (plan.levelDb / 20);
  const ramp = 0.002;
  for (let start = at; start + plan.lengthMs / 1000 < until; start += plan.periodMs / 1000) {
    const end = start + plan.lengthMs / 1000;
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(amplitude, start + ramp);
    gain.gain.setValueAtTime(amplitude, end - ramp);
    gain.gain.linearRampToValueAtTime(0, end);
  }
}

async function inboundAudio(pc: RTCPeerConnection): Promise<AudioInboundStats | null> {
  const stats = await statsById(pc);
  const inbound = [...stats.values()].find((s) => s['type'] === 'inbound-rtp' && (s['kind'] ?? s['mediaType']) === 'audio');
  if (!inbound) return null;
  const codec = typeof inbound['codecId'] === 'string' ? stats.get(inbound['codecId']) : undefined;
  const fields = ['concealedSamples', 'silentConcealedSamples', 'concealmentEvents', 'totalSamplesReceived', 'packetsLost'] as const;
  const picked: AudioInboundStats = Object.fromEntries(fields.flatMap((f) => (num(inbound[f]) === undefined ? [] : [[f, num(inbound[f])]])));
  if (num(codec?.['clockRate']) !== undefined) picked.clockRate = num(codec?.['clockRate']);
  if (typeof codec?.['mimeType'] === 'string') picked.codec = codec['mimeType'];
  return picked;
}

export async function burstCall(params: AudioQualityParams): Promise<BurstCall> {
  const ctx = new AudioContext();
  const tone = ctx.createOscillator();
  tone.frequency.value = params.bursts.frequencyHz;
  const gain = ctx.createGain();
  gain.gain.value = 0;
  const outgoing = ctx.createMediaStreamDestination();
  tone.connect(gain).connect(outgoing);
  tone.start();
  // Chromium hands remote WebRTC audio to WebAudio only while a media element plays it.
  const player = document.createElement('audio');
  player.muted = true;
  let call: LoopbackCall | null = null;
  try {
    await running(ctx);
    const through = await sendThroughLoopback(params.servers, outgoing.stream, params.limitMs);
    call = through.call;
    const remote = through.received;
    player.srcObject = remote;
    await within('playing the received audio', player.play());
    const sent = new BurstDetector(ctx.sampleRate);
    const received = new BurstDetector(ctx.sampleRate);
    const merger = ctx.createChannelMerger(2);
    const processor = silentSink(ctx, 2);
    processor.addEventListener('audioprocess', (e) => {
      sent.push(e.inputBuffer.getChannelData(0));
      received.push(e.inputBuffer.getChannelData(1));
    });
    gain.connect(merger, 0, 0);
    ctx.createMediaStreamSource(remote).connect(merger, 0, 1);
    merger.connect(processor);
    const began = ctx.currentTime;
    // The first burst a little later, once the processor runs; the last one has time to arrive.
    scheduleBursts(gain, began + 0.3, began + params.callMs / 1000, params.bursts);
    await sleep(params.callMs + 500);
    processor.disconnect();
    return {
      relayed: call.relayed,
      sampleRate: ctx.sampleRate,
      durationMs: Math.round((ctx.currentTime - began) * 1000),
      sent: sent.finish(),
      received: received.finish(),
      stats: await inboundAudio(call.callee),
    };
  } finally {
    call?.close();
    player.srcObject = null;
    tone.stop();
    // A context that will not close is left behind rather than hiding the outcome.
    await within('AudioContext.close', ctx.close()).catch(() => undefined);
  }
}

export async function run(params: AudioQualityParams): Promise<AudioQualityRaw> {
  const error = (e: unknown) => ({ error: describeError(e) });
  const mic = params.micMs > 0 ? await micCheck(params.micMs).catch(error) : null;
  const call = await burstCall(params).catch(error);
  return { mic, call, bursts: params.bursts, thresholds: params.thresholds };
}
