import type { RunContext } from '../types.js';
import { DEFAULT_GATHER_LIMIT_MS, type IceProbeParams } from './types.js';

/** The ICE probes test the run's servers (the embedded coturn or the user's). */
export function iceParams(context: RunContext): IceProbeParams {
  return { servers: context.iceServers, limitMs: DEFAULT_GATHER_LIMIT_MS, ...(context.tlsHandshakes?.length ? { tls: context.tlsHandshakes } : {}) };
}
