import type { Finding, Metrics } from '../../core/results.js';
import type { SeriesSet } from '../../core/series.js';
import { median } from '../../core/median.js';
import { JANUS_PROXY_PATH } from '../page-kit/janusApi.js';
import { informational, timing } from '../metrics.js';
import type { DrillDownTable, ProbeSpec, RunContext, Verdict } from '../types.js';
import { capacityOf, carriedKbps, counterDeltas, stepCarried, stepFigures, upstreamLossPct } from './capacity.js';
import { DOWNSTREAM_SET, type ServerEchoParams, type ServerEchoRaw, type ServerEchoThresholds, UPSTREAM_SET } from './types.js';

export const DEFAULT_THRESHOLDS: ServerEchoThresholds = { maxLossPct: 3, maxJitterMs: 30, maxRttMs: 300, minUpKbps: 300 };

const round = (value: number | undefined, digits = 0) => (value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits);

function column(set: SeriesSet, field: string, fromT = Number.NEGATIVE_INFINITY, toT = Number.POSITIVE_INFINITY): number[] {
  const values = set.series[field] ?? [];
  return set.t.flatMap((t, i) => (t >= fromT && t <= toT && values[i] !== null && values[i] !== undefined ? [values[i]!] : []));
}

/** The 95th percentile (nearest rank). */
function p95(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

/**
 * Downstream loss (%) of the echo leg alone: of the audio packets Janus received (what the
 * browser sent less what Janus reported lost), the share that did not come back. Janus forwards
 * all it receives, so whatever the numbering of the echoed packets, this is the second leg's own loss.
 */
function downstreamLossPct(up: SeriesSet, down: SeriesSet, fromT: number, toT: number): number | undefined {
  const deltas = counterDeltas(
    [
      { set: up, field: 'audioSent' },
      { set: up, field: 'audioLostAtServer' },
      { set: down, field: 'audioReceived' },
    ],
    fromT,
    toT,
  );
  if (!deltas) return undefined;
  const [sent, lostUp, received] = deltas as [number, number, number];
  const forwarded = sent - lostUp;
  return forwarded > 0 ? Math.max(0, (1 - received / forwarded) * 100) : undefined;
}

function failureFinding(raw: ServerEchoRaw): Finding {
  const failure = raw.failure!;
  const where: Record<string, string> = {
    session: 'creating a Janus session',
    attach: 'attaching the EchoTest plugin',
    negotiate: 'negotiating the call with EchoTest',
    ice: 'connecting the media path (ICE)',
  };
  return { severity: 'fail', message: `${failure.message} (while ${where[failure.stage] ?? failure.stage})` };
}

/**
 * Pass rule: no Janus answering, the API secret refused, negotiation or ICE failing, or no
 * video coming back fails. On each leg (upstream as Janus's receiver reports say, downstream as
 * what came back shows), loss above twice maxLossPct fails and above maxLossPct warns; RTT,
 * jitter above their limits and an upstream capacity below minUpKbps warn. Loss and jitter are
 * judged over the whole call; loss is counted on audio, which no retransmission hides. No
 * media server in the run is a skip.
 */
export function evaluateServerEcho(raw: ServerEchoRaw): Verdict {
  if (raw.failure) return { findings: [failureFinding(raw)], metrics: {} };
  const up = raw.sets.find((s) => s.name === UPSTREAM_SET);
  const down = raw.sets.find((s) => s.name === DOWNSTREAM_SET);
  if (!raw.server) return { findings: [], metrics: {}, skip: 'no media server in this run (start the embedded Janus, or give --janus URL)' };
  if (!up || !down || up.t.length < 2) return { findings: [], metrics: {}, skip: 'no media samples: the call was too short' };
  const limits = raw.thresholds;
  const findings: Finding[] = [];
  const capacity = capacityOf(up, raw.steps);
  // The whole call: a leg's loss of 2% is a handful of audio packets in a few seconds, so every second counts.
  const windowStart = Number.NEGATIVE_INFINITY;
  const windowEnd = up.t.at(-1)!;
  const upLoss = upstreamLossPct(up, windowStart, windowEnd);
  const downLoss = downstreamLossPct(up, down, windowStart, windowEnd);
  const lastStep = raw.steps.at(-1);
  const tail = lastStep ? (lastStep.fromT + lastStep.toT) / 2 : windowStart;
  const downKbps = median(column(down, 'receiveKbps', tail));
  const upSentKbps = median(column(up, 'sendKbps', tail));
  const rtt = median(column(up, 'rttMs'));
  const upJitter = median(column(up, 'upJitterMs', windowStart, windowEnd));
  const downJitter = median(column(down, 'downJitterMs', windowStart, windowEnd));
  const jitter = Math.max(upJitter ?? 0, downJitter ?? 0);
  const [decoded] = counterDeltas([{ set: down, field: 'framesDecoded' }], windowStart, windowEnd) ?? [];
  const [freezes] = counterDeltas([{ set: down, field: 'freezeCount' }], windowStart, windowEnd) ?? [];
  const echoes = raw.pings.rttMs;
  const echoLoss = raw.pings.sent > 0 ? Math.max(0, (1 - echoes.length / raw.pings.sent) * 100) : undefined;
  const via = raw.relayed ? ', relayed through TURN' : raw.localCandidateType ? `, direct (${raw.localCandidateType} candidate)` : '';
  findings.push({
    severity: 'info',
    message: `call to ${raw.server}${via}: audio ${raw.codecs.audio ?? '?'}, video ${raw.codecs.video ?? '?'}, connected in ${raw.connectMs ?? '?'} ms, ${Math.round(raw.durationMs / 1000)} s in all`,
  });
  if (capacity) {
    findings.push({
      severity: 'info',
      message: capacity.atLeast
        ? `upstream capacity at least ${capacity.kbps} kbit/s: every cap up to that was carried (the search ended, not the path)`
        : `upstream capacity ~${capacity.kbps} kbit/s: raising EchoTest's cap to ${capacity.stoppedAtKbps} kbit/s was not carried (${up.series['bweKbps']?.some((v) => v !== null) ? "the browser's bandwidth estimate" : 'the rate on the wire less loss'} stayed below it)`,
    });
  }
  const leg = (name: string, loss: number | undefined) => {
    if (loss === undefined) findings.push({ severity: 'info', message: `${name} loss unknown: the browser reported no counters for it` });
    else if (loss > limits.maxLossPct * 2)
      findings.push({ severity: 'fail', message: `${name} packet loss ${round(loss, 1)}%, above ${limits.maxLossPct * 2}%: media breaks up` });
    else if (loss > limits.maxLossPct) findings.push({ severity: 'warn', message: `${name} packet loss ${round(loss, 1)}%, above ${limits.maxLossPct}%` });
    else findings.push({ severity: 'info', message: `${name} packet loss ${round(loss, 1)}%` });
  };
  leg('upstream (to the server)', upLoss);
  leg('downstream (from the server)', downLoss);
  const check = (bad: boolean, severity: Finding['severity'], message: string) => bad && findings.push({ severity, message });
  check(
    capacity !== undefined && capacity.kbps < limits.minUpKbps,
    'warn',
    `upstream capacity ~${capacity?.kbps} kbit/s, below the ${limits.minUpKbps} kbit/s video needs`,
  );
  check(rtt !== undefined && rtt > limits.maxRttMs, 'warn', `round trip to the server ${round(rtt)} ms, above ${limits.maxRttMs} ms`);
  check(
    jitter > limits.maxJitterMs,
    'warn',
    `jitter ${round(jitter, 1)} ms (up ${round(upJitter, 1) ?? '?'}, down ${round(downJitter, 1) ?? '?'}), above ${limits.maxJitterMs} ms`,
  );
  check(decoded === 0, 'fail', 'no video came back from the server: no frame was decoded');
  check(echoes.length === 0 && raw.pings.sent > 0, 'fail', `none of ${raw.pings.sent} data channel messages came back`);
  check(echoLoss !== undefined && echoLoss > 10 && echoes.length > 0, 'warn', `${round(echoLoss)}% of data channel echoes were lost`);
  if (freezes !== undefined && freezes > 0) findings.push({ severity: 'info', message: `the echoed video froze ${freezes} time(s)` });
  const metrics: Metrics = {};
  const entries: [string, number | undefined][] = [
    ['upKbps', capacity?.kbps],
    ['upKbpsIsLowerBound', capacity === undefined ? undefined : capacity.atLeast ? 1 : 0],
    ['upSentKbps', round(upSentKbps)],
    ['downKbps', round(downKbps)],
    ['upLossPct', round(upLoss, 2)],
    ['downLossPct', round(downLoss, 2)],
    ['rttMs', round(rtt, 1)],
    ['jitterMs', round(jitter, 1)],
    ['upJitterMs', round(upJitter, 1)],
    ['downJitterMs', round(downJitter, 1)],
    ['echoRttMs', round(median(echoes), 1)],
    ['echoRttP95Ms', round(p95(echoes), 1)],
    ['echoLossPct', round(echoLoss, 1)],
    ['freezes', freezes],
    ['connectMs', raw.connectMs],
  ];
  for (const [name, value] of entries) if (value !== undefined) metrics[name] = value;
  return { findings, metrics, series: raw.sets };
}

/** Reads raw data defensively (it may come from an old or hand-edited file): no table rather than a throw. */
function tables(raw: unknown): DrillDownTable[] {
  const data = raw as Partial<ServerEchoRaw> | null;
  const up = Array.isArray(data?.sets) ? data.sets.find((s) => s?.name === UPSTREAM_SET) : undefined;
  if (!up || !Array.isArray(data?.steps) || !Array.isArray(up.t)) return [];
  const text = (value: number | undefined, digits = 0) => (value === undefined ? '-' : String(round(value, digits)));
  return [
    {
      title: "Capacity search (EchoTest's bitrate cap, raised while the path carries it)",
      columns: ['cap kbit/s', 'on the wire kbit/s', 'estimate kbit/s', 'loss at server %', 'carried kbit/s', 'carried'],
      rows: data.steps
        .filter((s) => typeof s?.capKbps === 'number')
        .map((step) => {
          const figures = stepFigures(up, step);
          return [
            String(step.capKbps),
            text(figures.wireKbps),
            text(figures.bweKbps),
            text(figures.lossPct, 2),
            text(carriedKbps(figures)),
            stepCarried(figures) ? 'yes' : 'no',
          ];
        }),
    },
  ];
}

function params(context: RunContext): ServerEchoParams {
  const server = context.mediaServer;
  return {
    servers: context.iceServers,
    // Relative to the probe page (`/<token>/probe/<id>`): the page server's proxy at `/<token>/janus`.
    janus: server ? { url: `..${JANUS_PROXY_PATH}`, label: server.label, apiSecret: server.apiSecret } : null,
    connectLimitMs: 10_000,
    stepsKbps: [300, 600, 1200, 2400],
    stepMs: 4_000,
    sampleMs: 1_000,
    pingMs: 250,
    thresholds: DEFAULT_THRESHOLDS,
  };
}

/**
 * As `check` runs it: a readiness verdict must come in seconds, so the capacity search stops at
 * what a video call needs (two 3 s steps, up to 1.5 Mbit/s) instead of four 4 s steps.
 */
function readinessParams(context: RunContext): ServerEchoParams {
  return { ...params(context), stepsKbps: [500, 1500], stepMs: 3_000 };
}

/** `↑ 412 kbit/s ↓ 380, loss 0.1/2.0%`: capacity up (≥ when the search ended first), rate back, loss per leg. */
function serverEchoFigure(m: Metrics): string {
  if (m['upKbps'] === undefined) return '';
  const loss = m['upLossPct'] === undefined ? '' : `, loss ${m['upLossPct']}/${m['downLossPct'] ?? '?'}%`;
  return `↑ ${m['upKbpsIsLowerBound'] === 1 ? '≥' : ''}${m['upKbps']} kbit/s ↓ ${m['downKbps'] ?? '?'}${loss}`;
}

export const serverEchoProbe: ProbeSpec<ServerEchoParams, ServerEchoRaw> = {
  id: 'server-echo',
  title: 'Media server path',
  summary:
    "a call to Janus's EchoTest (camera, microphone, data channel; through TURN when configured): each leg apart (upstream from the server's receiver reports, downstream from what comes back), data channel echo RTT, upstream capacity by raising EchoTest's bitrate cap",
  pageModule: 'probes/server-echo/page.js',
  defaultParams: params({ iceServers: [] }),
  params,
  // Connect (~10 s at most) + four 4 s steps + margin for a slow machine.
  timeoutMs: 60_000,
  metrics: {
    upKbps: informational('kbit/s'),
    // 1: every cap was carried, so upKbps is where the search ended, not what the path carries.
    upKbpsIsLowerBound: informational('flag'),
    upSentKbps: informational('kbit/s'),
    downKbps: informational('kbit/s'),
    upLossPct: informational('%'),
    downLossPct: informational('%'),
    rttMs: timing(),
    jitterMs: timing(),
    upJitterMs: timing(),
    downJitterMs: timing(),
    echoRttMs: timing(),
    echoRttP95Ms: timing(),
    echoLossPct: informational('%'),
    freezes: informational('freezes'),
    connectMs: timing(),
  },
  keyFigure: serverEchoFigure,
  tables,
  // It measures the network: two browsers sharing a capped link would each see half of it.
  exclusive: true,
  usesMediaServer: true,
  needs: ['media-engine', 'data-channel'],
  evaluate: evaluateServerEcho,
};

/** The probe with the shorter capacity search `check` uses (readinessParams); judged by the same rule. */
export const serverEchoReadinessProbe: ProbeSpec<ServerEchoParams, ServerEchoRaw> = {
  ...serverEchoProbe,
  defaultParams: readinessParams({ iceServers: [] }),
  params: readinessParams,
};
