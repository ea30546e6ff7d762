import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import type { IceCandidatesRaw } from '../ice-candidates/types.js';
import { pickIceCandidates } from '../ice-candidates/probe.js';
import { pickStunReachability } from '../stun-reachability/probe.js';
import { pickTurnReachability } from '../turn-reachability/probe.js';
import type { IceGathering, ReachabilityRaw } from './types.js';

// The shared gathering put together from real captures of the pages each probe had before it:
// each probe's pick must give back the raw shape those captures (and their fixtures) have.
const iceCandidates = loadRawFixture<IceCandidatesRaw>('ice-candidates', 'chromium-adapter-off.json');
const turnReachability = loadRawFixture<ReachabilityRaw>('turn-reachability', 'chromium-adapter-off.json');
const [local, ...perServer] = iceCandidates.runs;
const gathering: IceGathering = { local: local!.outcome, perServer, relayOnly: turnReachability.runs, turnConfigured: true };

describe('each ICE probe picks its raw data from the one shared gathering', () => {
  it('ice-candidates: the run without servers first, then every server with policy all', () => {
    expect(pickIceCandidates(gathering)).toEqual(iceCandidates);
  });

  it('turn-reachability: the relay-only runs, one per TURN URL', () => {
    expect(pickTurnReachability(gathering)).toEqual(turnReachability);
  });

  it('stun-reachability: only the STUN URLs of the per-server runs, and the mapping run when there is one', () => {
    const stun = perServer.filter((run) => run.server?.scheme === 'stun');
    expect(stun).toHaveLength(1);
    expect(pickStunReachability(gathering)).toEqual({ runs: stun, turnConfigured: true });
    expect(pickStunReachability({ ...gathering, mapping: local!.outcome }).mapping).toBe(local!.outcome);
  });
});
