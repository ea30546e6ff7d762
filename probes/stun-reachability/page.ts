import type { ReachabilityRaw, IceProbeParams } from '../ice-shared/types.js';
import { gatherPerServer } from '../page-kit/gather.js';
import { isStunUrl, isTurnUrl } from '../page-kit/iceServers.js';
import type { PageContext } from '../types.js';

/** Gathering per STUN URL: a server-reflexive candidate is a STUN binding answered. */
export async function run(params: IceProbeParams, _context: PageContext): Promise<ReachabilityRaw> {
  return { runs: await gatherPerServer(params.servers.filter(isStunUrl), () => 'all', params.limitMs), turnConfigured: params.servers.some(isTurnUrl) };
}
