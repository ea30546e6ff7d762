import type { SeriesSet } from '../../core/series.js';
import { iceParams } from '../ice-shared/context.js';
import { informational, timing } from '../metrics.js';
import type { Finding, Metrics } from '../../core/results.js';
import type { ProbeSpec, RunContext, Verdict } from '../types.js';
import { estimateMos } from './quality.js';
import { type BandwidthParams, type BandwidthRaw, QUALITY_LIMITATION_CODES, type QualityThresholds } from './types.js';
import { median } from '../../core/median.js';

/** IPv4 20 + UDP 8 + RTP 12 + SRTP tag 10 + header extensions ~8 bytes per packet: what getStats' byte counts leave out. */
const PACKET_OVERHEAD_BYTES = 58;

export const DEFAULT_THRESHOLDS: QualityThresholds = { minVideoKbps: 250, minAudioKbps: 12, maxRttMs: 300, maxJitterMs: 30, maxLossPct: 3, minMos: 3.5 };

const round = (value: number | undefined, digits = 0) => (value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits);

/** The steady part of the call: its last third, after bandwidth estimation has ramped up or found the cap. */
function steady(set: SeriesSet | undefined, field: string): number[] {
  if (!set) return [];
  const end = set.t.at(-1) ?? 0;
  const column = set.series[field] ?? [];
  return set.t.flatMap((t, i) => (t >= (end * 2) / 3 && column[i] !== null && column[i] !== undefined ? [column[i]!] : []));
}

/**
 * Pass rule, over the steady last third of the call: audio below minAudioKbps or loss above
 * twice maxLossPct fails (the call breaks up); video below minVideoKbps, RTT, jitter or loss
 * above their limits, or a MOS estimate below minMos warn. The sustainable rate (median of
 * audio + video received) and whether the encoder was bandwidth-limited are reported always.
 */
export function evaluateGetstatsBandwidth(raw: BandwidthRaw): Verdict {
  const [sender, receiver] = raw.sets;
  const limits = raw.thresholds;
  const audio = median(steady(receiver, 'audioReceiveKbps'));
  const video = median(steady(receiver, 'videoReceiveKbps'));
  if (audio === undefined && video === undefined) return { findings: [], metrics: {}, skip: 'no media samples: the call was too short or carried nothing' };
  const sustainable = (audio ?? 0) + (video ?? 0);
  const rtt = median(steady(sender, 'rttMs'));
  const jitter = median(steady(receiver, 'audioJitterMs'));
  const loss = median(steady(receiver, 'lossPct')) ?? 0;
  const limited = steady(sender, 'qualityLimitation');
  const bandwidthLimitedPct = limited.length
    ? Math.round((limited.filter((c) => c === QUALITY_LIMITATION_CODES['bandwidth']).length / limited.length) * 100)
    : undefined;
  const mos = rtt !== undefined ? estimateMos(rtt, jitter ?? 0, loss) : undefined;
  // The browser's own bandwidth estimate is the best figure for what the path sustains. Without
  // it (Firefox), the rate on the wire: payload plus per-packet headers, which the cap counts too.
  const bwe = median(steady(sender, 'availableOutgoingKbps'));
  const pps = median(steady(receiver, 'receivedPps'));
  const onTheWire = sustainable + ((pps ?? 0) * PACKET_OVERHEAD_BYTES * 8) / 1000;
  const capacity = bwe ?? onTheWire;
  const findings: Finding[] = [
    {
      severity: 'info',
      message: `sustainable rate ~${Math.round(sustainable)} kbit/s (audio ${round(audio) ?? '?'}, video ${round(video) ?? '?'}) over the last third of a ${Math.round(raw.durationMs / 1000)} s call${raw.relayed ? ', relayed through TURN' : ''}; codecs ${raw.codecs.audio ?? '?'}, ${raw.codecs.video ?? '?'}`,
    },
  ];
  findings.push({
    severity: 'info',
    message:
      bwe !== undefined
        ? `estimated capacity ${Math.round(bwe)} kbit/s (the sender's bandwidth estimate, availableOutgoingBitrate)`
        : `estimated capacity at least ${Math.round(onTheWire)} kbit/s (received on the wire; this browser reports no bandwidth estimate)`,
  });
  if (bandwidthLimitedPct === undefined)
    findings.push({ severity: 'info', message: 'the browser reports no qualityLimitationReason, so bandwidth limitation is judged from rates alone' });
  else if (bandwidthLimitedPct >= 50)
    findings.push({
      severity: 'warn',
      message: `bandwidth-limited: the video encoder was held back by bandwidth ${bandwidthLimitedPct}% of the steady period`,
    });
  else findings.push({ severity: 'info', message: `no bandwidth limitation (encoder bandwidth-limited ${bandwidthLimitedPct}% of the steady period)` });
  const check = (bad: boolean, severity: Finding['severity'], message: string) => bad && findings.push({ severity, message });
  check(audio !== undefined && audio < limits.minAudioKbps, 'fail', `audio at ${round(audio, 1)} kbit/s, below the ${limits.minAudioKbps} kbit/s a call needs`);
  check(
    video !== undefined && video < limits.minVideoKbps,
    'warn',
    `video at ${round(video)} kbit/s, below ${limits.minVideoKbps} kbit/s: expect low resolution or frame rate`,
  );
  check(rtt !== undefined && rtt > limits.maxRttMs, 'warn', `round trip ${round(rtt)} ms, above ${limits.maxRttMs} ms: conversation will feel delayed`);
  check(jitter !== undefined && jitter > limits.maxJitterMs, 'warn', `audio jitter ${round(jitter, 1)} ms, above ${limits.maxJitterMs} ms`);
  check(loss > limits.maxLossPct * 2, 'fail', `packet loss ${loss}%, above ${limits.maxLossPct * 2}%: media breaks up`);
  check(loss > limits.maxLossPct && loss <= limits.maxLossPct * 2, 'warn', `packet loss ${loss}%, above ${limits.maxLossPct}%`);
  check(mos !== undefined && mos < limits.minMos, 'warn', `estimated audio MOS ${mos}, below ${limits.minMos}`);
  if (mos !== undefined) findings.push({ severity: 'info', message: `estimated audio MOS ${mos} (simplified E-model from RTT, jitter and loss)` });
  const metrics: Metrics = {};
  const entries: [string, number | undefined][] = [
    ['sustainableKbps', Math.round(sustainable)],
    ['estimatedCapacityKbps', Math.round(capacity)],
    ['bandwidthEstimateKbps', round(bwe)],
    ['audioKbps', round(audio, 1)],
    ['videoKbps', round(video)],
    ['rttMs', round(rtt, 1)],
    ['jitterMs', round(jitter, 1)],
    ['lossPct', loss],
    ['mos', mos],
    ['bandwidthLimitedPct', bandwidthLimitedPct],
    ['fps', median(steady(receiver, 'receivedFps'))],
    ['height', median(steady(receiver, 'receivedHeight'))],
  ];
  for (const [name, value] of entries) if (value !== undefined) metrics[name] = value;
  return { findings, metrics, series: raw.sets };
}

function params(context: RunContext): BandwidthParams {
  return { ...iceParams(context), durationMs: 20_000, sampleMs: 1_000, thresholds: DEFAULT_THRESHOLDS };
}

/**
 * `≥2650 kbit/s received (estimate 2731), MOS 4.4`: the rate received, which every browser
 * reports, so columns compare; it is what the path carried, so at least what it sustains. The
 * browser's own bandwidth estimate, where it has one, only beside it.
 */
function bandwidthFigure(m: Metrics): string {
  if (m['sustainableKbps'] === undefined) return '';
  const estimate = m['bandwidthEstimateKbps'] === undefined ? '' : ` (estimate ${m['bandwidthEstimateKbps']})`;
  return `≥${m['sustainableKbps']} kbit/s received${estimate}, MOS ${m['mos'] ?? '?'}`;
}

export const getstatsBandwidthProbe: ProbeSpec<BandwidthParams, BandwidthRaw> = {
  id: 'getstats-bandwidth',
  title: 'Bandwidth and quality (getStats)',
  summary: 'a 20 s audio+video call (through TURN when configured) sampled every second: bitrates, BWE, RTT, jitter, loss, fps, resolution, MOS estimate',
  pageModule: 'probes/getstats-bandwidth/page.js',
  uses: ['RTCPeerConnection', 'navigator.mediaDevices.getUserMedia'],
  defaultParams: params({ iceServers: [] }),
  params,
  timeoutMs: 60_000,
  // Rates follow the path and the encoder: listed by report diff, never a regression; RTT and jitter are timings.
  metrics: {
    sustainableKbps: informational('kbit/s'),
    estimatedCapacityKbps: informational('kbit/s'),
    bandwidthEstimateKbps: informational('kbit/s'),
    audioKbps: informational('kbit/s'),
    videoKbps: informational('kbit/s'),
    rttMs: timing(),
    jitterMs: timing(),
    lossPct: informational('%'),
    mos: informational('MOS'),
    bandwidthLimitedPct: informational('%'),
    fps: informational('fps'),
    height: informational('px'),
  },
  keyFigure: bandwidthFigure,
  // It measures the network: two browsers sharing a capped link would each see half of it.
  exclusive: true,
  needs: ['media-engine'],
  evaluate: evaluateGetstatsBandwidth,
};
