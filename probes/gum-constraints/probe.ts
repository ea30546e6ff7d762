import { informational, mustNotDrop, mustNotRise, timing } from '../metrics.js';
import type { Finding, Metrics } from '../../core/results.js';
import type { ProbeSpec, Verdict } from '../types.js';
import type { AskMode, GumAsk, GumCase, GumCaseResult, GumParams, GumRaw, SettingValue } from './types.js';
import { median } from '../../core/median.js';

// ---- The default matrix: data, expanded by two small helpers ---------------------------

/** Named video sizes, smallest first. */
const RESOLUTIONS = [
  { name: 'qqvga', width: 160, height: 120 },
  { name: 'qvga', width: 320, height: 240 },
  { name: 'vga', width: 640, height: 480 },
  { name: 'hd', width: 1280, height: 720 },
  { name: 'fullhd', width: 1920, height: 1080 },
  { name: '4k', width: 3840, height: 2160 },
] as const;
const FRAME_RATES = [15, 30, 60] as const;
const IDEAL_AND_EXACT = ['ideal', 'exact'] as const;

/** `{ width: { exact: 640 } }`, `{ width: { ideal: 640 } }` or bare `{ width: 640 }`; `true` when nothing is asked. */
function constraintsFor(kind: GumCase['kind'], asks: GumAsk): MediaStreamConstraints {
  const entries = Object.entries(asks.settings).map(([key, value]) => [key, asks.mode === 'bare' ? value : { [asks.mode]: value }]);
  return { [kind]: entries.length ? Object.fromEntries(entries) : true };
}

interface CaseOptions {
  basic?: boolean;
  /**
   * Default: video cases time their first frame (~60 ms each with fake cameras); audio cases only
   * where marked: Chromium's fake microphone beeps every 500 ms, so each wait costs ~500 ms and
   * times the beep, not the capture path.
   */
  measureSignal?: boolean;
}

function gumCase(id: string, kind: GumCase['kind'], mode: AskMode, settings: Record<string, SettingValue>, options: CaseOptions = {}): GumCase {
  const asks: GumAsk = { mode, settings };
  const { basic = false, measureSignal = kind === 'video' } = options;
  return { id, kind, basic, constraints: constraintsFor(kind, asks), asks, measureSignal };
}

export const DEFAULT_CASES: readonly GumCase[] = [
  gumCase('video-plain', 'video', 'bare', {}, { basic: true }),
  gumCase('audio-plain', 'audio', 'bare', {}, { basic: true, measureSignal: true }),
  ...RESOLUTIONS.flatMap(({ name, width, height }) =>
    IDEAL_AND_EXACT.map((mode) => gumCase(`video-${name}-${mode}`, 'video', mode, { width, height }, { basic: name === 'vga' && mode === 'ideal' })),
  ),
  ...FRAME_RATES.flatMap((frameRate) => IDEAL_AND_EXACT.map((mode) => gumCase(`video-${frameRate}fps-${mode}`, 'video', mode, { frameRate }))),
  gumCase('video-facing-user', 'video', 'bare', { facingMode: 'user' }),
  gumCase('video-facing-environment-exact', 'video', 'exact', { facingMode: 'environment' }),
  gumCase('audio-echo-cancellation-on', 'audio', 'bare', { echoCancellation: true }),
  gumCase('audio-echo-cancellation-off', 'audio', 'bare', { echoCancellation: false }),
  gumCase('audio-noise-suppression-off', 'audio', 'bare', { noiseSuppression: false }),
  gumCase('audio-auto-gain-off', 'audio', 'bare', { autoGainControl: false }),
  gumCase('audio-mono-ideal', 'audio', 'ideal', { channelCount: 1 }),
  gumCase('audio-stereo-exact', 'audio', 'exact', { channelCount: 2 }),
  gumCase('audio-48khz-ideal', 'audio', 'ideal', { sampleRate: 48000 }),
  gumCase('audio-44.1khz-exact', 'audio', 'exact', { sampleRate: 44100 }),
];

// ---- Judging ----------------------------------------------------------------------------

/** How far a delivered number may sit from the asked one and still match (frame rates are reported as measured floats). */
const TOLERANCE: Record<string, number> = { frameRate: 0.5 };

const SIGNAL_NAME: Record<GumCase['kind'], string> = { video: 'video frame', audio: 'sound' };

function matches(key: string, asked: SettingValue, delivered: SettingValue): boolean {
  if (typeof asked === 'number' && typeof delivered === 'number') return Math.abs(asked - delivered) <= (TOLERANCE[key] ?? 0);
  return asked === delivered;
}

/** `1280x720`, `30 fps`, `echoCancellation false`, joined by spaces. */
function describeValues(values: Record<string, SettingValue | undefined>): string {
  const { width, height, frameRate, ...rest } = values;
  const parts: string[] = [];
  if (width !== undefined || height !== undefined) parts.push(`${width ?? '?'}x${height ?? '?'}`);
  if (frameRate !== undefined) parts.push(`${typeof frameRate === 'number' ? Math.round(frameRate * 10) / 10 : frameRate} fps`);
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) parts.push(`${key} ${String(value)}`);
  return parts.join(' ');
}

/** What a case asked, for messages: `exact 3840x2160`, `ideal 30 fps`, `echoCancellation false`, `plain video`. */
function describeAsk(c: GumCase): string {
  if (Object.keys(c.asks.settings).length === 0) return `plain ${c.kind}`;
  return `${c.asks.mode === 'bare' ? '' : `${c.asks.mode} `}${describeValues(c.asks.settings)}`;
}

/** Whether the delivered settings carry every asked value. */
function delivers(settings: Record<string, SettingValue> | null, asked: Record<string, SettingValue>): boolean {
  return Object.entries(asked).every(([key, value]) => {
    const delivered = settings?.[key];
    return delivered !== undefined && matches(key, value, delivered);
  });
}

function rejectionFinding(c: GumCaseResult, raw: GumRaw): Finding {
  const what = describeAsk(c);
  const error = c.error ?? 'unknown error';
  if (c.basic) return { severity: 'fail', message: `${what} rejected: ${error}` };
  const namesAskedConstraint = c.errorName === 'OverconstrainedError' && c.errorConstraint !== undefined && c.errorConstraint in c.asks.settings;
  if (c.asks.mode !== 'exact' || !namesAskedConstraint) return { severity: 'warn', message: `${what} rejected: ${error}` };
  const rejected = `${what} rejected: OverconstrainedError(${c.errorConstraint})`;
  // The device cannot do it, unless another case got exactly this: then the browser contradicts itself.
  const elsewhere = raw.cases.find((other) => other.granted && other.kind === c.kind && delivers(other.settings, c.asks.settings));
  return elsewhere
    ? { severity: 'warn', message: `${rejected}, yet ${elsewhere.id} was delivered ${describeValues(c.asks.settings)}` }
    : { severity: 'info', message: rejected };
}

function grantedFindings(c: GumCaseResult, raw: GumRaw): Finding[] {
  const what = describeAsk(c);
  if (!c.settings) return [{ severity: 'warn', message: `${what} granted, but the stream holds no ${c.kind} track` }];
  const settings = c.settings;
  const findings: Finding[] = [];
  const asked = Object.entries(c.asks.settings);
  const exact = c.asks.mode === 'exact';
  const mismatched = asked.some(([key, value]) => settings[key] !== undefined && !delivers(settings, { [key]: value }));
  if (mismatched) {
    const delivered = describeValues(Object.fromEntries(asked.map(([key]) => [key, settings[key]])));
    findings.push(
      exact
        ? { severity: 'fail', message: `${what} granted, but delivered ${delivered} (exact must be met or rejected)` }
        : { severity: 'info', message: `${what} not met: delivered ${delivered}` },
    );
  }
  for (const [key] of asked.filter(([k]) => settings[k] === undefined)) {
    // A browser ignores constraints it does not support, exact ones too; a supported one it should report.
    const supported = raw.supportedConstraints.includes(key);
    findings.push({
      severity: exact && supported ? 'warn' : 'info',
      message: `${what} granted, but getSettings() has no ${key}${supported ? '' : ` (${key} is not a supported constraint)`}`,
    });
  }
  if (c.measureSignal && c.firstSignalMs === null && c.signalUnmeasured === undefined) {
    const notes = c.notes.length ? ` (${c.notes.join('; ')})` : '';
    findings.push({ severity: 'warn', message: `${what}: no ${SIGNAL_NAME[c.kind]} within ${raw.caseTimeoutMs} ms${notes}` });
  }
  return findings;
}

/** One line per reason for the cases whose first frame / sound could not be measured at all. */
function unmeasuredFindings(cases: readonly GumCaseResult[]): Finding[] {
  const byReason = new Map<string, GumCaseResult[]>();
  for (const c of cases) if (c.signalUnmeasured !== undefined) byReason.set(c.signalUnmeasured, [...(byReason.get(c.signalUnmeasured) ?? []), c]);
  return [...byReason].map(([reason, group]) => {
    const signals = [...new Set(group.map((c) => SIGNAL_NAME[c.kind]))].join('/');
    return { severity: 'info', message: `first ${signals} not measured in ${group.map((c) => c.id).join(', ')}: ${reason}` };
  });
}

/** Exact cases whose delivered settings match, for one summary line. */
function honouredExact(cases: readonly GumCaseResult[]): string[] {
  return cases.filter((c) => c.granted && c.asks.mode === 'exact' && delivers(c.settings, c.asks.settings)).map((c) => describeValues(c.asks.settings));
}

/** `3840x2160` of the granted video case with the most pixels. */
function largestVideo(cases: readonly GumCaseResult[]): string | undefined {
  let best: { pixels: number; size: string } | undefined;
  for (const c of cases) {
    const width = c.granted ? c.settings?.['width'] : undefined;
    const height = c.settings?.['height'];
    if (typeof width !== 'number' || typeof height !== 'number') continue;
    if (!best || width * height > best.pixels) best = { pixels: width * height, size: `${width}x${height}` };
  }
  return best?.size;
}

function numbers(values: readonly (SettingValue | null | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

function metricsOf(raw: GumRaw): Metrics {
  const granted = raw.cases.filter((c) => c.granted);
  const delivered = (key: string) => numbers(granted.filter((c) => c.kind === 'video').map((c) => c.settings?.[key]));
  const firstSignals = (kind: GumCase['kind']) => numbers(granted.filter((c) => c.kind === kind).map((c) => c.firstSignalMs));
  const optional: Record<string, number | undefined> = {
    maxWidthDelivered: Math.max(...delivered('width')),
    maxHeightDelivered: Math.max(...delivered('height')),
    maxFrameRateDelivered: Math.max(...delivered('frameRate')),
    firstFrameMsMedian: median(firstSignals('video')),
    firstSoundMsMedian: median(firstSignals('audio')),
    gumResolveMsMedian: median(numbers(granted.map((c) => c.gumSettledMs))),
  };
  const metrics: Metrics = { casesTotal: raw.cases.length, casesGranted: granted.length, casesRejected: raw.cases.length - granted.length };
  // Math.max() of nothing is -Infinity and a median of nothing is undefined: omit those rather than report them.
  for (const [name, value] of Object.entries(optional)) if (value !== undefined && Number.isFinite(value)) metrics[name] = value;
  return metrics;
}

/**
 * Pass rule, per case (each case carries what it asked, so this needs only the raw data):
 * - a basic case (plain video, plain audio, VGA ideal) rejected -> fail: capture does not work at all;
 * - an `exact` constraint granted but delivered otherwise -> fail: a spec violation
 *   (frame rates match within TOLERANCE);
 * - granted while getSettings() omits an asked key -> warn for an exact, supported constraint
 *   (unverifiable), else info (browsers ignore constraints they do not support, exact ones too);
 * - an `exact` constraint rejected with OverconstrainedError naming one of its constraints -> info:
 *   the device cannot do it; but warn when another case was delivered exactly those values
 *   (the browser contradicts itself); rejected any other way (other error, other constraint, timeout) -> warn;
 * - an `ideal`/bare constraint not met -> info with what was delivered; rejected -> warn;
 * - granted, but no video frame / no sound before the case timeout -> warn; a signal that could not be
 *   measured at all (e.g. an AudioContext that never runs without an audio output device) -> info.
 * Fake devices cap what they deliver: those limits show up as info, never as failures.
 */
export function evaluateGumConstraints(raw: GumRaw): Verdict {
  if (!raw.gumAvailable) {
    return { findings: [{ severity: 'fail', message: 'navigator.mediaDevices.getUserMedia is missing' }], metrics: {} };
  }
  if (!raw.cases.length) return { findings: [], metrics: {}, skip: 'no getUserMedia cases were run' };
  const metrics = metricsOf(raw);
  const findings: Finding[] = [];
  const largest = largestVideo(raw.cases);
  findings.push({
    severity: 'info',
    message: `${metrics['casesGranted']}/${metrics['casesTotal']} cases granted${largest ? `; largest video ${largest}` : ''}`,
  });
  const honoured = honouredExact(raw.cases);
  if (honoured.length) findings.push({ severity: 'info', message: `exact constraints honoured: ${honoured.join(', ')}` });
  for (const c of raw.cases) findings.push(...(c.granted ? grantedFindings(c, raw) : [rejectionFinding(c, raw)]));
  findings.push(...unmeasuredFindings(raw.cases));
  return { findings, metrics };
}

export const gumConstraintsProbe: ProbeSpec<GumParams, GumRaw> = {
  id: 'gum-constraints',
  title: 'getUserMedia constraints',
  summary: 'getUserMedia over a matrix of resolutions, frame rates, facing modes and audio processing: what is granted, delivered and how fast',
  pageModule: 'probes/gum-constraints/page.js',
  defaultParams: { cases: [...DEFAULT_CASES], caseTimeoutMs: 3000, silenceThreshold: 0.01 },
  timeoutMs: 60_000,
  metrics: {
    casesTotal: informational('cases'),
    casesGranted: mustNotDrop('cases'),
    casesRejected: mustNotRise('cases'),
    maxWidthDelivered: informational('px'),
    maxHeightDelivered: informational('px'),
    maxFrameRateDelivered: informational('fps'),
    firstFrameMsMedian: timing(),
    firstSoundMsMedian: timing(),
    gumResolveMsMedian: timing(),
  },
  keyFigure: (m) => `${m['casesGranted'] ?? 0}/${m['casesTotal'] ?? 0} granted`,
  needs: ['chromium-capture'],
  evaluate: evaluateGumConstraints,
};
