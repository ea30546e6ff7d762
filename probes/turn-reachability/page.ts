import type { ReachabilityRaw, IceProbeParams } from '../ice-shared/types.js';
import { gatherPerServer } from '../page-kit/gather.js';
import { isTurnUrl } from '../page-kit/iceServers.js';
import type { PageContext } from '../types.js';

/** Relay-only gathering per TURN URL: a relay candidate is a successful allocation. */
export async function run(params: IceProbeParams, _context: PageContext): Promise<ReachabilityRaw> {
  return { runs: await gatherPerServer(params.servers.filter(isTurnUrl), () => 'relay', params.limitMs), turnConfigured: params.servers.some(isTurnUrl) };
}
