import { iceParams } from '../ice-shared/context.js';
import { REACHABLE, type Reachability, type ServerVerdict } from '../ice-shared/classify.js';
import { REACHABILITY_METRICS, judgeReachability } from '../ice-shared/judge.js';
import { gatheringTables } from '../ice-shared/tables.js';
import { DEFAULT_GATHER_LIMIT_MS, type IceGathering, type IceProbeParams, type ReachabilityRaw } from '../ice-shared/types.js';
import type { Finding, Metrics } from '../../core/results.js';
import type { ProbeSpec, Verdict } from '../types.js';

const up = (v: ServerVerdict) => REACHABLE.includes(v.reachability);

const TLS_PROBLEMS: readonly Reachability[] = ['tls-untrusted', 'tls-name-mismatch', 'tls-expired', 'tls-handshake-refused', 'tls-failed'];

function turnAdvice(verdicts: readonly ServerVerdict[]): Finding[] {
  const advice: Finding[] = [];
  const udp = verdicts.filter((v) => v.transport === 'udp');
  const tcp = verdicts.filter((v) => v.transport === 'tcp' && !v.secure);
  const tls = verdicts.filter((v) => v.secure);
  const where = (list: readonly ServerVerdict[]) => [...new Set(list.map((v) => `${v.host}:${v.port}`))].join(', ');
  const tlsOn443 = tls.some((v) => v.port === 443);
  if (tls.some(up) && !udp.some(up) && !tcp.some(up) && udp.length + tcp.length > 0) {
    advice.push({
      severity: 'warn',
      message: `Only turns: gets through (TLS to ${where(tls.filter(up))}): UDP and plain TCP to TURN are blocked, as by a firewall that passes HTTPS only. Calls work, relayed over TLS, with more latency under loss; keep offering turns:${tlsOn443 ? ' on 443' : ', ideally on 443'}.`,
    });
  } else if (udp.length && !udp.some(up) && tcp.some(up)) {
    advice.push({
      severity: 'warn',
      message: `UDP to TURN is blocked: media will be relayed over TCP, with more latency under loss. Open UDP to ${where(udp)}, or keep offering turns: on 443.`,
    });
  }
  if (verdicts.length && !verdicts.some(up)) advice.push(noAllocationAdvice(verdicts, tls, where));
  return advice;
}

/** Why nothing allocated, in the order a fix should go: credentials, the certificate, then the path. */
function noAllocationAdvice(verdicts: readonly ServerVerdict[], tls: readonly ServerVerdict[], where: (list: readonly ServerVerdict[]) => string): Finding {
  if (verdicts.some((v) => v.reachability === 'auth-failed'))
    return {
      severity: 'fail',
      message:
        'No TURN allocation: the server rejected the credentials. Check the username/credential (or the shared secret for REST API credentials) and the realm.',
    };
  const refusedTls = tls.filter((v) => TLS_PROBLEMS.includes(v.reachability));
  if (refusedTls.length)
    return {
      severity: 'fail',
      message: `No TURN allocation: turns: at ${where(refusedTls)} fails over TLS (see the finding above for why) and nothing else got through. Fix the server's certificate or TLS settings; until then clients behind an HTTPS-only firewall cannot connect.`,
    };
  if (tls.some((v) => v.port === 443))
    return {
      severity: 'fail',
      message: `No TURN server reachable, not even turns: on 443: check that the server listens at ${where(verdicts)} and that no firewall or proxy blocks it (TLS-inspecting proxies break turns:).`,
    };
  return { severity: 'fail', message: `No TURN server reachable: open UDP and TCP to ${where(verdicts)}, or offer turns: on 443, which most firewalls pass.` };
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

/** This probe's raw data from the shared gathering (each TURN server on its own, relay only) and the harness's TLS handshakes. */
export function pickTurnReachability(gathering: IceGathering, params?: IceProbeParams): ReachabilityRaw {
  return { runs: gathering.relayOnly, turnConfigured: gathering.turnConfigured, ...(params?.tls?.length ? { tls: params.tls } : {}) };
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
