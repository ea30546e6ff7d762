// The one gathering the ICE probes share (IceGathering): every run at once, so the whole
// recording takes one gathering limit however many servers are dead.
import { gatherCandidates, gatherPerServer } from '../page-kit/gather.js';
import { isStunUrl, isTurnUrl, toRtcIceServer } from '../page-kit/iceServers.js';
import type { PageContext } from '../types.js';
import type { IceGathering, IceProbeParams } from './types.js';

export async function run(params: IceProbeParams, _context: PageContext): Promise<IceGathering> {
  const stun = params.servers.filter(isStunUrl);
  const [local, perServer, relayOnly, mapping] = await Promise.all([
    gatherCandidates({ iceServers: [] }, params.limitMs),
    gatherPerServer(params.servers, 'all', params.limitMs),
    gatherPerServer(params.servers.filter(isTurnUrl), 'relay', params.limitMs),
    stun.length >= 2 ? gatherCandidates({ iceServers: stun.map(toRtcIceServer) }, params.limitMs) : undefined,
  ]);
  return { local, perServer, relayOnly, ...(mapping ? { mapping } : {}), turnConfigured: params.servers.some(isTurnUrl) };
}
