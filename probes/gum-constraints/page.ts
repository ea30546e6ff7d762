import type { GumCase, GumCaseResult, GumParams, GumRaw, SettingValue, SignalVia } from './types.js';
import { describeError } from '../page-kit/errors.js';

/** Identifiers of the device, not what it delivers: they never leave the page. */
const IDENTIFIER_SETTINGS = new Set(['deviceId', 'groupId']);
/** How often the analyser is read while waiting for sound; its 2048-sample window (~43 ms) spans the gaps. */
const AUDIO_POLL_MS = 10;
const ANALYSER_FFT_SIZE = 2048;
/** Upper bound on AudioContext.close(), so a stuck close cannot stall the run. */
const CLOSE_TIMEOUT_MS = 500;
/**
 * How long a new AudioContext may take to start running. Without an audio output device
 * (headless Firefox with no sound server) it never does; then later cases do not wait again.
 * Firefox's first context on the harness's private PulseAudio took 390-1060 ms here (loaded machine).
 */
const AUDIO_START_TIMEOUT_MS = 2_000;

const TIMEOUT = Symbol('timeout');

interface Signal {
  ms: number | null;
  via?: SignalVia;
  unmeasured?: string;
}

/** Learned during the run and shared by its cases. */
interface RunState {
  /** Set once an AudioContext failed to start: why sound cannot be measured in this page. */
  audioUnmeasurable: string | null;
}

type GumOutcome = { stream: MediaStream; at: number } | { error: unknown; at: number };

const round1 = (ms: number): number => Math.round(ms * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The promise's value, or TIMEOUT once `deadline` (a performance.now() time) has passed. */
async function untilDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | typeof TIMEOUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), Math.max(0, deadline - performance.now()));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function stopTracks(stream: MediaStream | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}

function primitiveSettings(track: MediaStreamTrack): Record<string, SettingValue> {
  const settings: Record<string, SettingValue> = {};
  for (const [key, value] of Object.entries(track.getSettings())) {
    if (IDENTIFIER_SETTINGS.has(key)) continue;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') settings[key] = value;
  }
  return settings;
}

/** Settles with when it settled; never rejects (getUserMedia may also throw synchronously in old browsers). */
function callGetUserMedia(mediaDevices: MediaDevices, constraints: MediaStreamConstraints): Promise<GumOutcome> {
  return Promise.resolve()
    .then(() => mediaDevices.getUserMedia(constraints))
    .then(
      (stream) => ({ stream, at: performance.now() }),
      (error: unknown) => ({ error, at: performance.now() }),
    );
}

/** Plays the stream in a muted <video> and times its first presented frame. */
async function firstVideoFrame(stream: MediaStream, resolvedAt: number, deadline: number, notes: string[]): Promise<Signal> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.width = 160;
  video.height = 120;
  video.srcObject = stream;
  document.body.append(video);
  let done = false;
  try {
    const frame = new Promise<Signal>((resolve) => {
      const seen = (via: SignalVia) => () => resolve({ ms: round1(performance.now() - resolvedAt), via });
      if (typeof video.requestVideoFrameCallback === 'function') {
        video.requestVideoFrameCallback(seen('requestVideoFrameCallback'));
      } else {
        notes.push('no requestVideoFrameCallback: first frame timed by loadeddata/playing');
        video.addEventListener('loadeddata', seen('loadeddata'), { once: true });
        video.addEventListener('playing', seen('playing'), { once: true });
      }
    });
    video.play().catch((error: unknown) => {
      // pause() during cleanup aborts a pending play(); only earlier rejections explain anything.
      if (!done) notes.push(`video.play() rejected: ${describeError(error)}`);
    });
    const result = await untilDeadline(frame, deadline);
    return result === TIMEOUT ? { ms: null } : result;
  } finally {
    done = true;
    video.pause();
    video.srcObject = null;
    video.remove();
  }
}

function peak(samples: Float32Array): number {
  let max = 0;
  for (const s of samples) max = Math.max(max, Math.abs(s));
  return max;
}

/** Whether the context runs by `deadline`; autoplay policy or a missing output device may hold it suspended. */
async function startContext(context: AudioContext, deadline: number, notes: string[]): Promise<boolean> {
  if (context.state === 'running') return true;
  const resumed = context.resume().catch((error: unknown) => notes.push(`AudioContext.resume() rejected: ${describeError(error)}`));
  await untilDeadline(resumed, deadline);
  return (context.state as AudioContextState) === 'running';
}

/** Routes the stream into an AnalyserNode and times the first sample louder than `threshold`. */
async function firstSound(stream: MediaStream, resolvedAt: number, deadline: number, threshold: number, notes: string[]): Promise<Signal> {
  const context = new AudioContext();
  try {
    const analyser = context.createAnalyser();
    analyser.fftSize = ANALYSER_FFT_SIZE;
    context.createMediaStreamSource(stream).connect(analyser);
    const waitFrom = performance.now();
    if (!(await startContext(context, Math.min(deadline, waitFrom + AUDIO_START_TIMEOUT_MS), notes))) {
      const waited = Math.round(performance.now() - waitFrom);
      return { ms: null, unmeasured: `AudioContext stayed ${context.state} for ${waited} ms (no audio output device?)` };
    }
    const samples = new Float32Array(analyser.fftSize);
    let loudest = 0;
    while (performance.now() < deadline) {
      analyser.getFloatTimeDomainData(samples);
      loudest = Math.max(loudest, peak(samples));
      if (loudest > threshold) return { ms: round1(performance.now() - resolvedAt), via: 'analyser' };
      await sleep(AUDIO_POLL_MS);
    }
    notes.push(`no sample above ${threshold} (loudest ${loudest.toPrecision(3)}, AudioContext ${context.state})`);
    return { ms: null };
  } finally {
    await untilDeadline(
      context.close().catch(() => undefined),
      performance.now() + CLOSE_TIMEOUT_MS,
    );
  }
}

function recordError(result: GumCaseResult, error: unknown): void {
  result.error = describeError(error);
  const e = (error && typeof error === 'object' ? error : {}) as { name?: unknown; constraint?: unknown };
  if (typeof e.name === 'string' && e.name) result.errorName = e.name;
  if (typeof e.constraint === 'string' && e.constraint) result.errorConstraint = e.constraint;
}

/** One case, bounded by `caseTimeoutMs`; never throws, always stops its tracks. */
async function runCase(spec: GumCase, params: GumParams, mediaDevices: MediaDevices, state: RunState): Promise<GumCaseResult> {
  const started = performance.now();
  const deadline = started + params.caseTimeoutMs;
  const result: GumCaseResult = { ...spec, granted: false, gumSettledMs: null, trackKinds: [], settings: null, firstSignalMs: null, notes: [], caseMs: 0 };
  let stream: MediaStream | null = null;
  try {
    const pending = callGetUserMedia(mediaDevices, spec.constraints);
    const outcome = await untilDeadline(pending, deadline);
    if (outcome === TIMEOUT) {
      // Should the capture start after all, stop it at once.
      void pending.then((late) => 'stream' in late && stopTracks(late.stream));
      recordError(result, new DOMException(`getUserMedia did not settle within ${params.caseTimeoutMs} ms`, 'TimeoutError'));
      return result;
    }
    result.gumSettledMs = round1(outcome.at - started);
    if ('error' in outcome) {
      recordError(result, outcome.error);
      return result;
    }
    stream = outcome.stream;
    result.granted = true;
    result.trackKinds = stream.getTracks().map((t) => t.kind);
    const track = stream.getTracks().find((t) => t.kind === spec.kind);
    if (!track) {
      result.notes.push(`the stream holds no ${spec.kind} track`);
      return result;
    }
    result.settings = primitiveSettings(track);
    if (!spec.measureSignal) return result;
    if (spec.kind === 'audio' && state.audioUnmeasurable) {
      result.signalUnmeasured = state.audioUnmeasurable;
      return result;
    }
    const signal =
      spec.kind === 'video'
        ? await firstVideoFrame(stream, outcome.at, deadline, result.notes)
        : await firstSound(stream, outcome.at, deadline, params.silenceThreshold, result.notes);
    result.firstSignalMs = signal.ms;
    if (signal.via) result.firstSignalVia = signal.via;
    if (signal.unmeasured) result.signalUnmeasured = state.audioUnmeasurable = signal.unmeasured;
  } catch (error) {
    const reason = `measuring failed: ${describeError(error)}`;
    if (result.granted && spec.measureSignal) result.signalUnmeasured = reason;
    else result.notes.push(reason);
  } finally {
    stopTracks(stream);
    result.caseMs = round1(performance.now() - started);
  }
  return result;
}

export async function run(params: GumParams): Promise<GumRaw> {
  const started = performance.now();
  const mediaDevices = navigator.mediaDevices as MediaDevices | undefined;
  const settingsEcho = { caseTimeoutMs: params.caseTimeoutMs, silenceThreshold: params.silenceThreshold };
  if (!mediaDevices?.getUserMedia) {
    return { gumAvailable: false, ...settingsEcho, supportedConstraints: [], cases: [], totalMs: 0 };
  }
  const supported = mediaDevices.getSupportedConstraints?.() ?? {};
  const supportedConstraints = Object.entries(supported)
    .filter(([, v]) => v === true)
    .map(([k]) => k)
    .sort();
  const state: RunState = { audioUnmeasurable: null };
  const cases: GumCaseResult[] = [];
  // Sequential on purpose: concurrent captures of one camera would change what each case gets.
  for (const spec of params.cases) cases.push(await runCase(spec, params, mediaDevices, state));
  return { gumAvailable: true, ...settingsEcho, supportedConstraints, cases, totalMs: round1(performance.now() - started) };
}
