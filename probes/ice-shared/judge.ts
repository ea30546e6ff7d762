// The verdict shared by stun-reachability and turn-reachability: one finding per server,
// then advice for the patterns support engineers meet (UDP blocked, bad credentials).
import { type MetricRules, informational, mustNotDrop, timing } from '../metrics.js';
import type { Finding, Metrics } from '../../core/results.js';
import type { Verdict } from '../types.js';
import { REACHABLE, type ServerVerdict, classifyRun } from './classify.js';
import type { ReachabilityRaw } from './types.js';
import { median } from '../../core/median.js';
import { droppedByShim, shimFilterFinding } from './shimFilter.js';
import { handshakeFor } from './tls.js';

export interface ReachabilityRule {
  kind: 'STUN' | 'TURN';
  /** Whether an unreachable server makes the network unfit (fail) or only degraded (warn). */
  allDownIsFatal(raw: ReachabilityRaw): boolean;
  /** Advice for the set of verdicts as a whole, e.g. "UDP to TURN blocked". */
  advice(verdicts: readonly ServerVerdict[]): Finding[];
}

/** The metrics judgeReachability reports, for the specs of both probes. */
export const REACHABILITY_METRICS: MetricRules = {
  servers: informational('servers'),
  reachable: mustNotDrop('servers'),
  serversDroppedByShim: informational('servers'),
  answerMsMedian: timing(),
  udpAnswerMs: timing(),
  tcpAnswerMs: timing(),
  tlsAnswerMs: timing(),
  tlsHandshakeMs: timing(),
};

export function judgeReachability(raw: ReachabilityRaw, rule: ReachabilityRule): Verdict {
  if (raw.runs.length === 0) return { findings: [], metrics: {}, skip: `no ${rule.kind} server configured` };
  const verdicts = raw.runs.map((run) => classifyRun(run, run.server ? handshakeFor(raw.tls, run.server.url) : undefined));
  const up = verdicts.filter((v) => REACHABLE.includes(v.reachability));
  const severityOfDown = up.length === 0 && rule.allDownIsFatal(raw) ? 'fail' : 'warn';
  const findings: Finding[] = verdicts.map((v) => ({
    severity: REACHABLE.includes(v.reachability) ? 'info' : severityOfDown,
    message: `${v.url}: ${v.message}`,
  }));
  findings.push(...rule.advice(verdicts));
  const filtered = shimFilterFinding(raw.runs);
  if (filtered) findings.push(filtered);
  const times = up.map((v) => v.ms).filter((ms): ms is number => ms !== undefined);
  const metrics: Metrics = { servers: verdicts.length, reachable: up.length };
  if (filtered) metrics['serversDroppedByShim'] = raw.runs.filter(droppedByShim).length;
  const typical = median(times);
  if (typical !== undefined) metrics['answerMsMedian'] = typical;
  for (const transport of ['udp', 'tcp'] as const) {
    const ms = up.find((v) => v.transport === transport && !v.secure)?.ms;
    if (ms !== undefined) metrics[`${transport}AnswerMs`] = ms;
  }
  const tlsMs = up.find((v) => v.secure)?.ms;
  if (tlsMs !== undefined) metrics['tlsAnswerMs'] = tlsMs;
  const handshakeMs = up.find((v) => v.tlsHandshakeMs !== undefined)?.tlsHandshakeMs;
  if (handshakeMs !== undefined) metrics['tlsHandshakeMs'] = handshakeMs;
  return { findings, metrics };
}
