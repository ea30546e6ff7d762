import { median } from '../../core/median.js';
import type { Finding, Metrics } from '../../core/results.js';
import { type SeriesSet, appendSample, emptySeriesSet } from '../../core/series.js';
import { iceParams } from '../ice-shared/context.js';
import { CLIP_RUN } from '../page-kit/audioLevels.js';
import { type MetricRule, type MetricRules, informational, mustNotRise, timing } from '../metrics.js';
import type { DrillDownTable, ProbeSpec, RunContext, Verdict } from '../types.js';
import type { AudioQualityParams, AudioQualityRaw, AudioThresholds, BurstCall, BurstPlan, MicCheck } from './types.js';

export const DEFAULT_THRESHOLDS: AudioThresholds = { minMicRmsDb: -60, maxAudioDelayMs: 300, maxGapsMs: 200 };
/** A 1 kHz tone for 60 ms every 400 ms at -6 dBFS: far apart enough that a burst is never taken for the next one's. */
export const DEFAULT_BURSTS: BurstPlan = { periodMs: 400, lengthMs: 60, frequencyHz: 1000, levelDb: -6 };

/**
 * Missing audio up to this much in a burst is not a gap: NetEq stretches and shortens audio by
 * up to about an Opus frame (20 ms) as it adapts its buffer, and the codec smears the edges.
 */
const STRETCH_MS = 20;
/** getStats' concealment and the bursts' gaps may differ by this much before it is a finding. */
export const CONCEALMENT_TOLERANCE_MS = 100;

const round = (value: number | undefined, digits = 0) => (value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits);
const hasError = (v: unknown): v is { error: string } => typeof v === 'object' && v !== null && 'error' in v;

/** One sent burst as it arrived: its delay (undefined: nothing arrived) and how much of it was missing. */
export interface BurstOutcome {
  sentMs: number;
  delayMs: number | undefined;
  gapMs: number;
  levelDb: number | undefined;
}

/**
 * Matches received bursts to sent ones on the shared sample clock. What arrived of a burst:
 * the received pieces starting within one period after it was sent (a loss splits a burst into
 * pieces); its delay is its first piece's, and its gap its length minus what the pieces cover
 * of [first piece, + length], when more than STRETCH_MS. Bursts sent less than a period before
 * the end are left out: they may still have been on their way.
 */
export function matchBursts(call: BurstCall, plan: BurstPlan): BurstOutcome[] {
  return call.sent
    .filter((s) => s.startMs + plan.periodMs <= call.durationMs)
    .map((s) => {
      const pieces = call.received.filter((r) => r.startMs >= s.startMs && r.startMs < s.startMs + plan.periodMs);
      const first = pieces[0];
      if (!first) return { sentMs: s.startMs, delayMs: undefined, gapMs: s.lengthMs, levelDb: undefined };
      const to = first.startMs + s.lengthMs;
      const covered = pieces.reduce((sum, r) => sum + Math.max(0, Math.min(r.startMs + r.lengthMs, to) - r.startMs), 0);
      const missing = s.lengthMs - covered;
      return { sentMs: s.startMs, delayMs: first.startMs - s.startMs, gapMs: missing > STRETCH_MS ? round(missing, 1)! : 0, levelDb: first.rmsDb };
    });
}

/** Concealed audio in ms that was not silence before the first packet (Chromium counts that too). */
function concealedMs(call: BurstCall): number | undefined {
  const s = call.stats;
  if (s?.concealedSamples === undefined) return undefined;
  return ((s.concealedSamples - (s.silentConcealedSamples ?? 0)) / (s.clockRate ?? call.sampleRate)) * 1000;
}

function micFindings(mic: MicCheck, limits: AudioThresholds): { findings: Finding[]; metrics: Metrics } {
  const rms = Math.max(...mic.channels.map((c) => c.rmsDb));
  const peak = Math.max(...mic.channels.map((c) => c.peakDb));
  const clipped = mic.channels.reduce((sum, c) => sum + c.clippedRuns, 0);
  const layout = mic.channels.length === 1 ? 'mono' : mic.identicalChannels ? 'mono (two identical channels)' : 'stereo';
  const findings: Finding[] = [
    { severity: 'info', message: `microphone ${mic.label ? `'${mic.label}'` : '(unnamed)'}: RMS ${rms} dB, peak ${peak} dB, ${layout}, ${mic.sampleRate} Hz` },
  ];
  if (rms < limits.minMicRmsDb) findings.push({ severity: 'fail', message: `microphone silent: RMS ${rms} dB, below ${limits.minMicRmsDb} dB` });
  if (clipped > 0) findings.push({ severity: 'warn', message: `microphone clipping: ${clipped} run(s) of more than ${CLIP_RUN} full-scale samples` });
  return { findings, metrics: { micRmsDb: rms, micPeakDb: peak, clippedRuns: clipped } };
}

function callFindings(call: BurstCall, plan: BurstPlan, limits: AudioThresholds): { findings: Finding[]; metrics: Metrics; outcomes: BurstOutcome[] } {
  const outcomes = matchBursts(call, plan);
  if (call.sent.length === 0)
    return { findings: [{ severity: 'fail', message: 'no burst was sent: the WebAudio source did not play' }], metrics: {}, outcomes };
  const delays = outcomes.flatMap((o) => (o.delayMs === undefined ? [] : [o.delayMs]));
  const arrived = outcomes.filter((o) => o.delayMs !== undefined).length;
  if (arrived === 0)
    return {
      findings: [{ severity: 'fail', message: `none of ${outcomes.length} bursts arrived at the receiver` }],
      metrics: { audioGapsMs: round(outcomes.reduce((s, o) => s + o.gapMs, 0))! },
      outcomes,
    };
  const delay = round(median(delays), 1)!;
  const gaps = round(outcomes.reduce((s, o) => s + o.gapMs, 0))!;
  const missing = outcomes.length - arrived;
  const sentLevel = median(call.sent.map((b) => b.rmsDb));
  const receivedLevel = median(outcomes.flatMap((o) => (o.levelDb === undefined ? [] : [o.levelDb])));
  const levelChange = sentLevel !== undefined && receivedLevel !== undefined ? round(receivedLevel - sentLevel, 1) : undefined;
  const concealed = concealedMs(call);
  const findings: Finding[] = [
    {
      severity: 'info',
      message: `${arrived} of ${outcomes.length} bursts arrived${call.relayed ? ' (relayed through TURN)' : ''}: delay ${delay} ms (median), level ${levelChange ?? '?'} dB against sent, ${gaps} ms missing; codec ${call.stats?.codec ?? '?'}`,
    },
  ];
  if (delay > limits.maxAudioDelayMs) findings.push({ severity: 'warn', message: `audio delay ${delay} ms, above ${limits.maxAudioDelayMs} ms` });
  if (gaps > limits.maxGapsMs)
    findings.push({
      severity: 'warn',
      message: `audio gaps: ${gaps} ms of the bursts missing (${missing} burst(s) lost entirely), above ${limits.maxGapsMs} ms`,
    });
  if (concealed === undefined) findings.push({ severity: 'info', message: 'getStats reports no concealedSamples: not cross-checked' });
  else {
    // Bursts cover lengthMs/periodMs of the time: concealment elsewhere falls between them.
    const duty = plan.lengthMs / plan.periodMs;
    if (gaps > concealed + CONCEALMENT_TOLERANCE_MS)
      findings.push({
        severity: 'warn',
        message: `getStats disagrees on lost audio: ${gaps} ms missing from the bursts, but only ${Math.round(concealed)} ms concealed (tolerance ${CONCEALMENT_TOLERANCE_MS} ms)`,
      });
    else if (concealed * duty > gaps + CONCEALMENT_TOLERANCE_MS)
      findings.push({
        severity: 'info',
        message: `getStats reports ${Math.round(concealed)} ms concealed (~${Math.round(concealed * duty)} ms expected within the bursts), the bursts show ${gaps} ms missing: concealment rebuilt the tone`,
      });
  }
  const metrics: Metrics = { audioDelayMs: delay, audioGapsMs: gaps, missingBursts: missing };
  if (levelChange !== undefined) metrics['burstLevelChangeDb'] = levelChange;
  if (concealed !== undefined) metrics['concealedMs'] = Math.round(concealed);
  return { findings, metrics, outcomes };
}

function seriesOf(outcomes: readonly BurstOutcome[]): SeriesSet[] {
  const set = emptySeriesSet('bursts', ['audioDelayMs', 'receivedLevelDb', 'gapMs']);
  set.units = { audioDelayMs: 'ms', receivedLevelDb: 'dB', gapMs: 'ms' };
  for (const o of outcomes) appendSample(set, round(o.sentMs / 1000, 3)!, { audioDelayMs: o.delayMs, receivedLevelDb: o.levelDb, gapMs: o.gapMs });
  set.annotations = outcomes.filter((o) => o.delayMs === undefined).map((o) => ({ t: round(o.sentMs / 1000, 3)!, label: 'burst lost' }));
  return set.t.length ? [set] : [];
}

/**
 * Pass rule: a silent microphone (RMS below minMicRmsDb) or no burst arriving fails; clipping,
 * a median burst delay above maxAudioDelayMs, gaps above maxGapsMs, or more audio missing from
 * the bursts than getStats reports concealed (beyond CONCEALMENT_TOLERANCE_MS) warn. A check
 * that could not run (no microphone, no call) warns with its reason.
 */
export function evaluateAudioQuality(raw: AudioQualityRaw): Verdict {
  const findings: Finding[] = [];
  const metrics: Metrics = {};
  let series: SeriesSet[] = [];
  if (hasError(raw.mic)) findings.push({ severity: 'warn', message: `microphone check could not run: ${raw.mic.error}` });
  else if (raw.mic) {
    const mic = micFindings(raw.mic, raw.thresholds);
    findings.push(...mic.findings);
    Object.assign(metrics, mic.metrics);
  }
  if (hasError(raw.call)) findings.push({ severity: 'warn', message: `the call could not run: ${raw.call.error}` });
  else if (raw.call) {
    const call = callFindings(raw.call, raw.bursts, raw.thresholds);
    findings.push(...call.findings);
    Object.assign(metrics, call.metrics);
    series = seriesOf(call.outcomes);
  }
  if (!Object.keys(metrics).length) {
    const reasons = [...new Set([raw.mic, raw.call].flatMap((part) => (hasError(part) ? [part.error] : [])))];
    return { findings, metrics, skip: `nothing measured: ${reasons.join('; ') || 'no microphone check and no call'}` };
  }
  return { findings, metrics, series };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '—');

/** The microphone's channels and the bursts one by one; raw data read defensively. */
function tables(raw: unknown): DrillDownTable[] {
  if (!isRecord(raw)) return [];
  const out: DrillDownTable[] = [];
  const mic = raw['mic'];
  if (isRecord(mic) && Array.isArray(mic['channels']))
    out.push({
      title: 'Microphone channels',
      columns: ['channel', 'RMS (dB)', 'peak (dB)', 'clipping runs'],
      rows: mic['channels'].filter(isRecord).map((c, i) => [String(i + 1), text(c['rmsDb']), text(c['peakDb']), text(c['clippedRuns'])]),
    });
  const call = raw['call'];
  const plan = raw['bursts'];
  if (isRecord(call) && Array.isArray(call['sent']) && Array.isArray(call['received']) && isRecord(plan)) {
    try {
      const outcomes = matchBursts(call as unknown as BurstCall, plan as unknown as BurstPlan);
      out.push({
        title: 'Bursts (sent time on the shared sample clock)',
        columns: ['sent (ms)', 'delay (ms)', 'missing (ms)', 'level (dB)'],
        rows: outcomes.map((o) => [text(round(o.sentMs, 1)), text(round(o.delayMs, 1)), text(round(o.gapMs, 1)), text(o.levelDb)]),
      });
    } catch {
      // A malformed recording gives no burst table.
    }
  }
  return out;
}

/** `mic -31 dB · 72 ms · gaps 0 ms`. */
function audioFigure(m: Metrics): string {
  const parts = [
    m['micRmsDb'] === undefined ? '' : `mic ${m['micRmsDb']} dB`,
    m['audioDelayMs'] === undefined ? '' : `${m['audioDelayMs']} ms`,
    m['audioGapsMs'] === undefined ? '' : `gaps ${m['audioGapsMs']} ms`,
  ];
  return parts.filter(Boolean).join(' · ');
}

const measured = (unit: string, worse: MetricRule['worse'], relative: number, absolute: number): MetricRule => ({
  unit,
  worse,
  relative,
  absolute,
  regression: true,
});

const AUDIO_METRICS: MetricRules = {
  // The device and the room, not the harness: listed, never a regression.
  micRmsDb: informational('dB'),
  micPeakDb: informational('dB'),
  clippedRuns: mustNotRise('runs'),
  audioDelayMs: timing(),
  audioGapsMs: measured('ms', 'higher', 0.5, 60),
  missingBursts: measured('bursts', 'higher', 0, 1),
  // Either way is a change in the path's gain (AGC, codec); listed beyond 6 dB, never a regression.
  burstLevelChangeDb: { ...informational('dB'), relative: 0, absolute: 6 },
  concealedMs: measured('ms', 'higher', 0.5, 100),
};

function params(context: RunContext): AudioQualityParams {
  return { ...iceParams(context), micMs: 1_500, callMs: 6_000, bursts: DEFAULT_BURSTS, thresholds: DEFAULT_THRESHOLDS };
}

export const audioQualityProbe: ProbeSpec<AudioQualityParams, AudioQualityRaw> = {
  id: 'audio-quality',
  title: 'Audio quality (microphone, bursts as received)',
  summary:
    'the microphone checked as testrtc does (RMS, peak, clipping, mono/stereo), then 6 s of marked tone bursts through a call (through TURN when configured): delay, level and gaps, cross-checked against getStats concealment',
  pageModule: 'probes/audio-quality/page.js',
  uses: ['RTCPeerConnection', 'AudioContext', 'navigator.mediaDevices.getUserMedia'],
  defaultParams: params({ iceServers: [] }),
  params,
  timeoutMs: 60_000,
  metrics: AUDIO_METRICS,
  keyFigure: audioFigure,
  tables,
  exclusive: true,
  needs: ['media-engine'],
  evaluate: evaluateAudioQuality,
};
