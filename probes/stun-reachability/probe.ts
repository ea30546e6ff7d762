import { iceParams } from '../ice-shared/context.js';
import { REACHABILITY_METRICS, judgeReachability } from '../ice-shared/judge.js';
import { gatheringTables } from '../ice-shared/tables.js';
import { informational } from '../metrics.js';
import { DEFAULT_GATHER_LIMIT_MS, type IceGathering, type IceProbeParams, type ReachabilityRaw } from '../ice-shared/types.js';
import { type ParsedCandidate, parseCandidate } from '../../core/candidate.js';
import type { GatherOutcome } from '../page-kit/gather.js';
import { isStunUrl } from '../page-kit/iceServers.js';
import type { Finding } from '../../core/results.js';
import type { ProbeSpec, Verdict } from '../types.js';

/**
 * Pass rule: every STUN server answers (pass); some do not (warn). When none answers it is a
 * fail only if no TURN server is configured either, since TURN also gets through NAT.
 */
export function evaluateStunReachability(raw: ReachabilityRaw): Verdict {
  const verdict = judgeReachability(raw, { kind: 'STUN', allDownIsFatal: (r) => !r.turnConfigured, advice: () => [] });
  const mapping = raw.mapping && mappingFinding(raw.mapping, raw.turnConfigured);
  return mapping
    ? { ...verdict, findings: [...verdict.findings, mapping.finding], metrics: { ...verdict.metrics, publicPortsPerSocket: mapping.portsPerSocket } }
    : verdict;
}

/**
 * NAT mapping behaviour (RFC 4787 §4.1), from one gathering that asked every STUN server from
 * the same sockets: more srflx candidates than UDP host sockets means the NAT gave each
 * destination its own public port (address/port-dependent mapping: "symmetric").
 */
function mappingFinding(mapping: GatherOutcome, turnConfigured: boolean): { finding: Finding; portsPerSocket: number } | null {
  const parsed = mapping.candidates.map((c) => parseCandidate(c.candidate)).filter((c): c is ParsedCandidate => c !== null && c.protocol === 'udp');
  const sockets = parsed.filter((c) => c.type === 'host').length;
  const srflx = new Set(parsed.filter((c) => c.type === 'srflx').map((c) => `${c.address}:${c.port}`)).size;
  if (sockets === 0 || srflx === 0) return null;
  const portsPerSocket = Math.round((srflx / sockets) * 10) / 10;
  if (srflx <= sockets) {
    return {
      finding: {
        severity: 'info',
        message: 'NAT mapping is endpoint-independent: every STUN server saw the same public port, so srflx candidates work for peers',
      },
      portsPerSocket,
    };
  }
  return {
    finding: {
      severity: turnConfigured ? 'warn' : 'fail',
      message: `symmetric NAT: each STUN server saw a different public port (${srflx} srflx for ${sockets} socket${sockets > 1 ? 's' : ''}), so srflx candidates are useless to peers and calls need a TURN relay`,
    },
    portsPerSocket,
  };
}

/** This probe's raw data from the shared gathering: each STUN server's run with policy `all`, and the mapping run. */
export function pickStunReachability(gathering: IceGathering): ReachabilityRaw {
  const runs = gathering.perServer.filter((run) => run.server !== null && isStunUrl(run.server));
  return { runs, turnConfigured: gathering.turnConfigured, ...(gathering.mapping ? { mapping: gathering.mapping } : {}) };
}

export const stunReachabilityProbe: ProbeSpec<IceProbeParams, ReachabilityRaw, IceGathering> = {
  id: 'stun-reachability',
  title: 'STUN reachability',
  summary: 'per STUN URL: server-reflexive address and round trip, or unreachable',
  pageModule: 'probes/ice-shared/page.js',
  uses: ['RTCPeerConnection'],
  pick: pickStunReachability,
  sideBySide: true,
  defaultParams: { servers: [], limitMs: DEFAULT_GATHER_LIMIT_MS },
  params: iceParams,
  timeoutMs: 20_000,
  metrics: { ...REACHABILITY_METRICS, publicPortsPerSocket: informational('ports') },
  keyFigure: (m) => `${m['reachable'] ?? 0}/${m['servers'] ?? 0} answer`,
  tables: gatheringTables,
  evaluate: evaluateStunReachability,
};
