import { iceParams } from '../ice-shared/context.js';
import { judgeReachability } from '../ice-shared/judge.js';
import { DEFAULT_GATHER_LIMIT_MS, type IceProbeParams, type ReachabilityRaw } from '../ice-shared/types.js';
import type { ProbeSpec, Verdict } from '../types.js';

/**
 * Pass rule: every STUN server answers (pass); some do not (warn). When none answers it is a
 * fail only if no TURN server is configured either, since TURN also gets through NAT.
 */
export function evaluateStunReachability(raw: ReachabilityRaw): Verdict {
  return judgeReachability(raw, { kind: 'STUN', allDownIsFatal: (r) => !r.turnConfigured, advice: () => [] });
}

export const stunReachabilityProbe: ProbeSpec<IceProbeParams, ReachabilityRaw> = {
  id: 'stun-reachability',
  title: 'STUN reachability',
  summary: 'per STUN URL: server-reflexive address and round trip, or unreachable',
  pageModule: 'probes/stun-reachability/page.js',
  defaultParams: { servers: [], limitMs: DEFAULT_GATHER_LIMIT_MS },
  params: iceParams,
  timeoutMs: 20_000,
  evaluate: evaluateStunReachability,
};
