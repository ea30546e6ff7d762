import type { IceProbeParams } from '../ice-shared/types.js';
import { gatherCandidates, gatherPerServer } from '../page-kit/gather.js';
import type { PageContext } from '../types.js';
import type { IceCandidatesRaw } from './types.js';

export async function run(params: IceProbeParams, _context: PageContext): Promise<IceCandidatesRaw> {
  const [local, perServer] = await Promise.all([gatherCandidates({ iceServers: [] }, params.limitMs), gatherPerServer(params.servers, () => 'all', params.limitMs)]);
  return { runs: [{ server: null, policy: 'all', outcome: local }, ...perServer] };
}
