import type { IceServerEntry } from '../page-kit/iceServers.js';
import type { GatherOutcome, ServerRun } from '../page-kit/gather.js';
import type { TlsHandshake } from './tls.js';

/** Params shared by the ICE probes: the servers under test and how long one gathering may take. */
export interface IceProbeParams {
  servers: IceServerEntry[];
  /** Bound on one gathering run: an unreachable server is judged after this, not after ICE's ~40 s. */
  limitMs: number;
  /** Node-side evidence handed in by the harness: its TLS handshakes with the secure servers (the page ignores it). */
  tls?: TlsHandshake[];
}

export const DEFAULT_GATHER_LIMIT_MS = 4_000;

/** Raw data of the reachability probes: one gathering run per server. */
export interface ReachabilityRaw {
  runs: ServerRun[];
  /** Whether any TURN server was configured: without one, a failed STUN server leaves no way through NAT. */
  turnConfigured: boolean;
  /**
   * stun-reachability only, with two or more STUN servers: one gathering with all of them at
   * once, so the same local socket asks each server; differing public ports mean the NAT maps
   * per destination (symmetric).
   */
  mapping?: GatherOutcome;
  /** The harness's own TLS handshakes with the secure servers (turns:), beside the browser's evidence. */
  tls?: TlsHandshake[];
}

/**
 * One browser's gathering against the run's servers, recorded once (probes/ice-shared/page)
 * and shared by ice-candidates, stun-reachability and turn-reachability: each picks its raw
 * data from it, so a dead server costs one gathering limit per browser, not one per probe.
 */
export interface IceGathering {
  /** Without servers: the browser's own host candidates. */
  local: GatherOutcome;
  /** Each server on its own with policy `all`, in the order the servers were given. */
  perServer: ServerRun[];
  /** Each TURN server on its own with policy `relay`: a relay candidate is an allocation. */
  relayOnly: ServerRun[];
  /** With two or more STUN servers: all of them in one gathering (see ReachabilityRaw.mapping). */
  mapping?: GatherOutcome;
  turnConfigured: boolean;
}
