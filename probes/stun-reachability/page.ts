import type { ReachabilityRaw, IceProbeParams } from '../ice-shared/types.js';
import { gatherCandidates, gatherPerServer } from '../page-kit/gather.js';
import { isStunUrl, isTurnUrl, toRtcIceServer } from '../page-kit/iceServers.js';
import type { PageContext } from '../types.js';

/** Gathering per STUN URL: a server-reflexive candidate is a STUN binding answered. */
export async function run(params: IceProbeParams, _context: PageContext): Promise<ReachabilityRaw> {
  const stun = params.servers.filter(isStunUrl);
  const [runs, mapping] = await Promise.all([
    gatherPerServer(stun, () => 'all', params.limitMs),
    stun.length >= 2 ? gatherCandidates({ iceServers: stun.map(toRtcIceServer) }, params.limitMs) : undefined,
  ]);
  return { runs, turnConfigured: params.servers.some(isTurnUrl), ...(mapping ? { mapping } : {}) };
}
