import { median } from '../../core/median.js';
import type { Finding, Metrics } from '../../core/results.js';
import { type SeriesSet, appendSample, emptySeriesSet } from '../../core/series.js';
import { iceParams } from '../ice-shared/context.js';
import { type Freeze, freezesOf } from '../page-kit/frameTimeline.js';
import { type MetricRule, type MetricRules, informational, mustNotDrop, mustNotRise, timing } from '../metrics.js';
import type { DrillDownTable, ProbeSpec, RunContext, Verdict } from '../types.js';
import type { VideoQualityParams, VideoQualityRaw, VideoThresholds } from './types.js';

/**
 * PSNR floor: the marked scene on an uncapped loopback call measures ~32 dB in Chromium (VP8,
 * 640x480) and ~28 dB in Firefox (VP8, which starts at 320x240 and stays there in 8 s); below
 * 25 dB blocking and smearing are plain to see.
 */
export const DEFAULT_THRESHOLDS: VideoThresholds = {
  minPsnrDb: 25,
  minFps: 15,
  maxGlassToGlassMs: 400,
  warmupMs: 2000,
  maxBlackShare: 1 / 3,
  maxFrozenMs: 1000,
};

/** How far getStats may differ from what the frames show before the difference is a finding of its own. */
export const CROSS_CHECK = {
  /** Freezes: counts may differ by one (a freeze at the edge of the recording), durations by 300 ms. */
  freezeCount: 1,
  freezeMs: 300,
  /** framesDropped beyond the frames the receiver never saw, plus this many. */
  droppedFrames: 5,
} as const;

const round = (value: number | undefined, digits = 0) => (value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits);
/** 2nd, 3rd, 4th, 11th, 21st. */
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
const present = <T>(values: readonly (T | null)[]): T[] => values.filter((v): v is T => v !== null);

function percentile(values: readonly number[], p: number): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : undefined;
}

/** What the recorded frames show, before judging. */
export interface FrameSummary {
  received: number;
  marked: number;
  black: number;
  repeated: number;
  skipped: number;
  /** Indexes of frames that showed a new picture (a new mark, or any unmarked frame). */
  fresh: number[];
  freezes: Freeze[];
  /** Waits the page's own stalls explain (see freezesOf). */
  explainedByStalls: Freeze[];
}

/** The frames from `fromMs` on (the steady part after the warm-up; 0 for all). */
export function summarizeFrames(raw: VideoQualityRaw, fromMs = 0): FrameSummary {
  const { frames } = raw;
  let repeated = 0;
  let skipped = 0;
  let previous: number | null = null;
  const fresh: number[] = [];
  const included = frames.t.flatMap((t, i) => (t >= fromMs ? [i] : []));
  for (const i of included) {
    const n = frames.frame[i]!;
    if (n < 0) {
      fresh.push(i);
      continue;
    }
    if (previous !== null && n === previous) repeated++;
    else {
      fresh.push(i);
      // Marks count modulo 2^16; a step back is a wrap or a reordering, never frames skipped.
      if (previous !== null && n > previous) skipped += n - previous - 1;
    }
    previous = n;
  }
  const { freezes, explainedByStalls } = freezesOf(
    fresh.map((i) => frames.t[i]!),
    raw.durationMs,
    1000 / raw.source.fps,
    Array.isArray(raw.pageStalls) ? raw.pageStalls : [],
  );
  return {
    received: included.length,
    marked: included.filter((i) => frames.frame[i]! >= 0).length,
    black: included.filter((i) => frames.black[i] === 1).length,
    repeated,
    skipped,
    fresh,
    freezes,
    explainedByStalls,
  };
}

/** From this share of the call on, a CPU-limited encoder is worth a finding. */
const CPU_LIMITED_NOTE_PCT = 10;

/** Share of the call the sender's encoder was CPU-limited, %; undefined where the browser does not say. */
function cpuLimitedPct(raw: VideoQualityRaw): number | undefined {
  const durations = raw.sender?.qualityLimitationDurations;
  if (!durations) return undefined;
  const total = Object.values(durations).reduce((sum, s) => sum + s, 0);
  return total > 0 ? Math.round(((durations['cpu'] ?? 0) / total) * 100) : undefined;
}

/** How long the page's main thread was stalled in all, ms. */
const stalledMs = (raw: VideoQualityRaw) => Math.round((Array.isArray(raw.pageStalls) ? raw.pageStalls : []).reduce((sum, p) => sum + p.durationMs, 0));

/** When the steady part starts: warmupMs after the first frame shown. */
const steadyFrom = (raw: VideoQualityRaw) => (raw.frames.t[0] ?? 0) + (raw.thresholds?.warmupMs ?? 0);

/** getStats against the frames: each disagreement beyond CROSS_CHECK is a warning; missing counters are said once. */
/** getStats counts over the whole call, so the whole call's frames (warm-up included) are what it is checked against. */
function crossChecks(raw: VideoQualityRaw, summary: FrameSummary): Finding[] {
  const frozenMs = summary.freezes.reduce((sum, f) => sum + f.durationMs, 0);
  const stats = raw.stats;
  if (raw.source.mode === 'camera') return [];
  if (!stats) return [{ severity: 'info', message: 'getStats gave no inbound video: nothing to cross-check' }];
  const findings: Finding[] = [];
  const missing = (['freezeCount', 'totalFreezesDuration', 'framesDropped'] as const).filter((f) => stats[f] === undefined);
  if (missing.length) findings.push({ severity: 'info', message: `getStats reports no ${missing.join(', ')}: not cross-checked` });
  if (stats.freezeCount !== undefined && Math.abs(stats.freezeCount - summary.freezes.length) > CROSS_CHECK.freezeCount)
    findings.push({
      severity: 'warn',
      message: `getStats disagrees on freezes: freezeCount ${stats.freezeCount}, the frames show ${summary.freezes.length} (tolerance ±${CROSS_CHECK.freezeCount}; getStats counts a freeze only once a frame ends it)`,
    });
  if (stats.totalFreezesDuration !== undefined && Math.abs(stats.totalFreezesDuration * 1000 - frozenMs) > CROSS_CHECK.freezeMs)
    findings.push({
      severity: 'warn',
      message: `getStats disagrees on frozen time: totalFreezesDuration ${Math.round(stats.totalFreezesDuration * 1000)} ms, the frames show ${Math.round(frozenMs)} ms (tolerance ±${CROSS_CHECK.freezeMs} ms)`,
    });
  if (stats.framesDropped !== undefined && stats.framesDropped > summary.skipped + CROSS_CHECK.droppedFrames)
    findings.push({
      severity: 'warn',
      message: `getStats disagrees on dropped frames: framesDropped ${stats.framesDropped}, but only ${summary.skipped} frame numbers never reached the screen (tolerance +${CROSS_CHECK.droppedFrames})`,
    });
  return findings;
}

/** When the live detector noticed the stopped source, ms after the source stopped; undefined when it did not stop or was not noticed. */
function freezeDetectMs(raw: VideoQualityRaw): number | undefined {
  const stoppedAt = raw.source.stoppedAtMs;
  if (stoppedAt === null) return undefined;
  const noticed = raw.liveFreezes.find((f) => f.detectedAtMs >= stoppedAt);
  return noticed ? noticed.detectedAtMs - stoppedAt : undefined;
}

/** Drawn series: delay per shown frame (freezes as annotations), PSNR/SSIM per analysed frame, rate, resolution and frozen time per second. */
function seriesOf(raw: VideoQualityRaw, summary: FrameSummary): SeriesSet[] {
  const { frames } = raw;
  const shown = emptySeriesSet('received frames', ['glassToGlassMs']);
  shown.units = { glassToGlassMs: 'ms' };
  for (const i of summary.fresh) appendSample(shown, frames.t[i]! / 1000, { glassToGlassMs: frames.delayMs[i] });
  shown.annotations = summary.freezes.map((f) => ({
    t: round(f.fromMs / 1000, 2)!,
    label: `freeze ${Math.round(f.durationMs)} ms${f.open ? ' (until the end)' : ''}`,
  }));
  const analysed = emptySeriesSet('analysed frames', ['psnrDb', 'ssim']);
  analysed.units = { psnrDb: 'dB' };
  frames.psnrDb.forEach((p, i) => p !== null && appendSample(analysed, frames.t[i]! / 1000, { psnrDb: p, ssim: frames.ssim[i] }));
  const perSecond = emptySeriesSet('per second', ['receivedFps', 'width', 'height', 'frozenMs']);
  perSecond.units = { receivedFps: 'fps', width: 'px', height: 'px', frozenMs: 'ms' };
  for (let second = 0; second * 1000 < raw.durationMs; second++) {
    const from = second * 1000;
    const inSecond = summary.fresh.filter((i) => frames.t[i]! >= from && frames.t[i]! < from + 1000);
    const frozen = summary.freezes.reduce((sum, f) => sum + Math.max(0, Math.min(f.fromMs + f.durationMs, from + 1000) - Math.max(f.fromMs, from)), 0);
    appendSample(perSecond, second, {
      receivedFps: inSecond.length,
      width: inSecond.length ? frames.width[inSecond.at(-1)!] : null,
      height: inSecond.length ? frames.height[inSecond.at(-1)!] : null,
      frozenMs: Math.round(frozen),
    });
  }
  // The freezes on every set, so each chart (delay, PSNR, rate) marks them.
  analysed.annotations = shown.annotations;
  perSecond.annotations = shown.annotations;
  return [shown, analysed, perSecond].filter((set) => set.t.length > 0);
}

/**
 * Pass rule: no frame at all, more than maxBlackShare of frames black, frames without a readable
 * mark, or frozen longer than maxFrozenMs in total fail; any freeze, a median PSNR below
 * minPsnrDb, a frame rate below minFps or a median glass-to-glass delay above maxGlassToGlassMs warn; a getStats counter
 * that disagrees with the frames beyond CROSS_CHECK warns.
 */
export function evaluateVideoQuality(raw: VideoQualityRaw): Verdict {
  const all = summarizeFrames(raw);
  const limits = raw.thresholds;
  if (all.received === 0) return { findings: [{ severity: 'fail', message: 'no video frame arrived at the receiver' }], metrics: { receivedFrames: 0 } };
  const summary = summarizeFrames(raw, steadyFrom(raw));
  const { frames } = raw;
  const fresh = summary.fresh;
  const delays = present(fresh.map((i) => frames.delayMs[i]!));
  const psnrs = present(frames.psnrDb);
  const ssims = present(frames.ssim);
  const frozenMs = summary.freezes.reduce((sum, f) => sum + f.durationMs, 0);
  const span = fresh.length > 1 ? frames.t[fresh.at(-1)!]! - frames.t[fresh[0]!]! : 0;
  const fps = span > 0 ? ((fresh.length - 1) * 1000) / span : undefined;
  const psnrDb = round(median(psnrs), 2);
  const g2g = round(median(delays), 1);
  const width = median(fresh.map((i) => frames.width[i]!));
  const height = median(fresh.map((i) => frames.height[i]!));
  const findings: Finding[] = [
    {
      severity: 'info',
      message: `${all.received} frames ${raw.source.mode === 'camera' ? 'read from the camera' : `shown of ${raw.source.framesDrawn} sent`} (${raw.source.mode} source, ${raw.source.fps} fps${raw.relayed ? ', relayed through TURN' : ''}): ${round(fps, 1) ?? '?'} fps at ${width ?? '?'}x${height ?? '?'}; PSNR ${psnrDb ?? '?'} dB, SSIM ${round(median(ssims), 4) ?? '?'}, glass-to-glass ${g2g ?? '?'} ms (median)`,
    },
    {
      severity: 'info',
      message: `analysis: ${raw.cost.perFrameMsMedian} ms per frame (median; read by ${raw.reader}), PSNR/SSIM ${raw.cost.fullMsMedian} ms on every ${raw.psnrEvery === 1 ? '' : `${ordinal(raw.psnrEvery)} `}frame, ${raw.cost.busyPct}% of the page's main thread`,
    },
  ];
  const warmup = all.freezes.filter((f) => f.fromMs < steadyFrom(raw));
  const warmupSkipped = all.skipped - summary.skipped;
  if (warmup.length || warmupSkipped)
    findings.push({
      severity: 'info',
      message: `start-up, not judged: in the first ${limits.warmupMs} ms ${warmupSkipped} frame(s) skipped and ${warmup.length} freeze(s), while the encoder ramps up`,
    });
  if (summary.explainedByStalls.length)
    findings.push({
      severity: 'info',
      message: `${summary.explainedByStalls.length} wait(s) for a frame not counted as freezes: the page itself was stalled then (${stalledMs(raw)} ms in all, CPU starved), so it could not read frames`,
    });
  // Black over every frame: a camera that shows black is no start-up effect.
  const blackShare = all.black / all.received;
  if (blackShare > limits.maxBlackShare)
    findings.push({
      severity: 'fail',
      message: `black: ${all.black} of ${all.received} frames (${Math.round(blackShare * 100)}%, more than ${Math.round(limits.maxBlackShare * 100)}%)`,
    });
  else if (all.marked === 0 && raw.source.mode !== 'camera')
    findings.push({ severity: 'fail', message: 'frames arrived but none carried a readable mark: the picture is not the source sent' });
  if (frozenMs > limits.maxFrozenMs)
    findings.push({
      severity: 'fail',
      message: `frozen ${Math.round(frozenMs)} ms in ${summary.freezes.length} freeze(s), more than ${limits.maxFrozenMs} ms`,
    });
  else if (summary.freezes.length) findings.push({ severity: 'warn', message: `${summary.freezes.length} freeze(s), ${Math.round(frozenMs)} ms in all` });
  const detect = freezeDetectMs(raw);
  if (raw.source.stoppedAtMs !== null)
    findings.push({
      severity: 'info',
      message:
        detect === undefined
          ? 'the source stopped, and the live detector never noticed'
          : `the source stopped at ${Math.round(raw.source.stoppedAtMs)} ms; the live detector noticed ${Math.round(detect)} ms later`,
    });
  if (psnrDb !== undefined && psnrDb < limits.minPsnrDb)
    findings.push({ severity: 'warn', message: `PSNR ${psnrDb} dB, below ${limits.minPsnrDb} dB: the picture is visibly degraded` });
  if (fps !== undefined && limits.minFps !== undefined && fps < limits.minFps)
    findings.push({ severity: 'warn', message: `${round(fps, 1)} fps received, below ${limits.minFps} fps: motion is jerky` });
  if (g2g !== undefined && g2g > limits.maxGlassToGlassMs)
    findings.push({ severity: 'warn', message: `glass-to-glass delay ${g2g} ms, above ${limits.maxGlassToGlassMs} ms` });
  const cpuLimited = cpuLimitedPct(raw);
  if (cpuLimited !== undefined && cpuLimited >= CPU_LIMITED_NOTE_PCT)
    findings.push({
      severity: 'info',
      message: `the sending encoder was CPU-limited ${cpuLimited}% of the call (qualityLimitationDurations): lower resolution, frame rate and freezes come at least partly from this machine's CPU, not the network`,
    });
  findings.push(...crossChecks(raw, all));
  const metrics: Metrics = {};
  const entries: [string, number | undefined][] = [
    ['psnrDb', psnrDb],
    ['ssim', round(median(ssims), 4)],
    ['receivedFrames', all.received],
    ['frozenFrames', Math.round((frozenMs * raw.source.fps) / 1000)],
    ['freezeCount', summary.freezes.length],
    ['frozenMs', Math.round(frozenMs)],
    ['skippedFrames', summary.skipped],
    ['repeatedFrames', summary.repeated],
    ['blackFrames', all.black],
    ['pageStalledMs', stalledMs(raw)],
    ['glassToGlassMs', g2g],
    ['glassToGlassP95Ms', round(percentile(delays, 0.95), 1)],
    ['receivedFps', round(fps, 1)],
    ['receivedHeight', height],
    ['freezeDetectMs', round(detect)],
    ['analysisMsPerFrame', raw.cost.perFrameMsMedian],
    ['analysisBusyPct', raw.cost.busyPct],
    ['senderCpuLimitedPct', cpuLimited],
  ];
  for (const [name, value] of entries) if (value !== undefined) metrics[name] = value;
  return { findings, metrics, series: seriesOf(raw, all) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '—');

/** Freezes and the getStats counters beside the frames' own figures; raw data read defensively (it may be a hand-edited file). */
function tables(raw: unknown): DrillDownTable[] {
  if (!isRecord(raw) || !isRecord(raw['frames']) || !isRecord(raw['source']) || !Array.isArray(raw['frames']['t'])) return [];
  let summary: FrameSummary;
  let steady: number;
  try {
    summary = summarizeFrames(raw as unknown as VideoQualityRaw);
    steady = steadyFrom(raw as unknown as VideoQualityRaw);
  } catch {
    return [];
  }
  const stats = isRecord(raw['stats']) ? raw['stats'] : {};
  const frozenMs = summary.freezes.reduce((sum, f) => sum + f.durationMs, 0);
  return [
    {
      title: 'Freezes (no new frame for longer than max(3x, +150 ms) the median frame interval)',
      columns: ['from (ms)', 'duration (ms)', 'ended', 'judged'],
      rows: summary.freezes.map((f) => [
        String(Math.round(f.fromMs)),
        String(Math.round(f.durationMs)),
        f.open ? 'no (until the end)' : 'yes',
        f.fromMs >= steady ? 'yes' : 'no (warm-up)',
      ]),
    },
    {
      title: 'getStats against the frames (whole call)',
      columns: ['measure', 'getStats', 'frames'],
      rows: [
        ['freezes', text(stats['freezeCount']), String(summary.freezes.length)],
        [
          'frozen (ms)',
          typeof stats['totalFreezesDuration'] === 'number' ? text(Math.round(stats['totalFreezesDuration'] * 1000)) : '—',
          String(Math.round(frozenMs)),
        ],
        ['frames dropped / never shown', text(stats['framesDropped']), String(summary.skipped)],
        ['frames decoded / shown', text(stats['framesDecoded']), String(summary.received)],
      ],
    },
  ];
}

/** `PSNR 36.1 dB · 29.8 fps · 58 ms`, or what is wrong with the picture first. */
function videoFigure(m: Metrics): string {
  if (m['receivedFrames'] === 0) return 'no frames';
  if (m['psnrDb'] === undefined) return m['blackFrames'] ? `black (${m['blackFrames']} frames)` : '';
  const frozen = m['frozenMs'] ? ` · frozen ${m['frozenMs']} ms` : '';
  return `PSNR ${m['psnrDb']} dB · ${m['receivedFps'] ?? '?'} fps · ${m['glassToGlassMs'] ?? '?'} ms${frozen}`;
}

/** A measure of the picture: worse one way, a regression only beyond what run-to-run noise moves it. */
const measured = (unit: string, worse: 'higher' | 'lower', relative: number, absolute: number): MetricRule => ({
  unit,
  worse,
  relative,
  absolute,
  regression: true,
});

const VIDEO_METRICS: MetricRules = {
  psnrDb: measured('dB', 'lower', 0.1, 2),
  ssim: measured('SSIM', 'lower', 0.02, 0.02),
  receivedFrames: informational('frames'),
  // A third of a second of frames: fewer moves between runs on a shared machine.
  frozenFrames: measured('frames', 'higher', 0.5, 10),
  freezeCount: measured('freezes', 'higher', 0, 1),
  frozenMs: measured('ms', 'higher', 0.5, 300),
  skippedFrames: measured('frames', 'higher', 0.5, 10),
  repeatedFrames: measured('frames', 'higher', 0.5, 10),
  blackFrames: mustNotRise('frames'),
  glassToGlassMs: timing(),
  glassToGlassP95Ms: timing(),
  receivedFps: measured('fps', 'lower', 0.2, 3),
  receivedHeight: mustNotDrop('px'),
  freezeDetectMs: timing(),
  // The machine's speed, not the call's quality.
  analysisMsPerFrame: informational('ms'),
  analysisBusyPct: informational('%'),
  // The machine, not the call: how long the reading page could not run.
  pageStalledMs: informational('ms'),
  senderCpuLimitedPct: informational('%'),
};

function params(context: RunContext): VideoQualityParams {
  return { ...iceParams(context), durationMs: 8_000, source: 'moving', freezeAtMs: 4_000, fps: 30, psnrEvery: 3, thresholds: DEFAULT_THRESHOLDS };
}

export const videoQualityProbe: ProbeSpec<VideoQualityParams, VideoQualityRaw> = {
  id: 'video-quality',
  title: 'Video quality (frames as received)',
  summary:
    'an 8 s call (through TURN when configured) sending a marked 640x480 30 fps source; every shown frame is read: PSNR/SSIM against the regenerated source, freezes, skipped and black frames, glass-to-glass delay, cross-checked against getStats',
  pageModule: 'probes/video-quality/page.js',
  uses: ['RTCPeerConnection', 'HTMLCanvasElement.prototype.captureStream'],
  defaultParams: params({ iceServers: [] }),
  params,
  timeoutMs: 60_000,
  metrics: VIDEO_METRICS,
  keyFigure: videoFigure,
  tables,
  // It measures what the path does to the picture: two calls sharing a capped link would each see half of it.
  exclusive: true,
  needs: ['media-engine'],
  evaluate: evaluateVideoQuality,
};
