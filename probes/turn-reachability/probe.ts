import { iceParams } from '../ice-shared/context.js';
import { REACHABLE, type ServerVerdict } from '../ice-shared/classify.js';
import { REACHABILITY_METRICS, judgeReachability } from '../ice-shared/judge.js';
import { gatheringTables } from '../ice-shared/tables.js';
import { DEFAULT_GATHER_LIMIT_MS, type IceGathering, type IceProbeParams, type ReachabilityRaw } from '../ice-shared/types.js';
import type { Finding, Metrics } from '../../core/results.js';
import type { ProbeSpec, Verdict } from '../types.js';

const up = (v: ServerVerdict) => REACHABLE.includes(v.reachability);

function turnAdvice(verdicts: readonly ServerVerdict[]): Finding[] {
  const advice: Finding[] = [];
  const udp = verdicts.filter((v) => v.transport === 'udp');
  const streamed = verdicts.filter((v) => v.transport === 'tcp');
  const where = (list: readonly ServerVerdict[]) => [...new Set(list.map((v) => `${v.host}:${v.port}`))].join(', ');
  if (udp.length && !udp.some(up) && streamed.some(up)) {
    advice.push({
      severity: 'warn',
      message: `UDP to TURN is blocked: media will be relayed over TCP/TLS, with more latency under loss. Open UDP to ${where(udp)}, or keep offering turns: on 443.`,
    });
  }
  if (verdicts.length && !verdicts.some(up)) {
    advice.push(
      verdicts.some((v) => v.reachability === 'auth-failed')
        ? {
            severity: 'fail',
            message:
              'No TURN allocation: the server rejected the credentials. Check the username/credential (or the shared secret for REST API credentials) and the realm.',
          }
        : { severity: 'fail', message: `No TURN server reachable: open UDP and TCP to ${where(verdicts)}, or offer turns: on 443, which most firewalls pass.` },
    );
  }
  return advice;
}

/**
 * Pass rule: every TURN URL allocates a relay (pass); some do not (warn, with advice);
 * none does (fail: behind a restrictive NAT or firewall there is no way through).
 */
export function evaluateTurnReachability(raw: ReachabilityRaw): Verdict {
  return judgeReachability(raw, { kind: 'TURN', allDownIsFatal: () => true, advice: turnAdvice });
}

/** `udp 17 ms, tcp 9 ms`: allocation time per transport; without any, how many allocated. */
function turnFigure(m: Metrics): string {
  const times = (['udp', 'tcp', 'tls'] as const).flatMap((transport) => {
    const ms = m[`${transport}AnswerMs`];
    return ms === undefined ? [] : [`${transport} ${ms} ms`];
  });
  return times.join(', ') || `${m['reachable'] ?? 0}/${m['servers'] ?? 0} allocate`;
}

/** This probe's raw data from the shared gathering: each TURN server on its own, relay only. */
export function pickTurnReachability(gathering: IceGathering): ReachabilityRaw {
  return { runs: gathering.relayOnly, turnConfigured: gathering.turnConfigured };
}

export const turnReachabilityProbe: ProbeSpec<IceProbeParams, ReachabilityRaw, IceGathering> = {
  id: 'turn-reachability',
  title: 'TURN reachability',
  summary: 'per TURN URL and transport: relay allocated (address, time) or why not (401, unreachable, refused, TLS)',
  pageModule: 'probes/ice-shared/page.js',
  uses: ['RTCPeerConnection'],
  pick: pickTurnReachability,
  sideBySide: true,
  defaultParams: { servers: [], limitMs: DEFAULT_GATHER_LIMIT_MS },
  params: iceParams,
  timeoutMs: 20_000,
  metrics: REACHABILITY_METRICS,
  keyFigure: turnFigure,
  tables: gatheringTables,
  evaluate: evaluateTurnReachability,
};
