// The probe registry: every probe the harness knows, in the order a run executes them.
// Explicit on purpose (no registration by import side effect), so this file is the list.
import { apiSurfaceProbe } from './api-surface/probe.js';
import { connectivityProbe } from './connectivity/probe.js';
import { devicesProbe } from './devices/probe.js';
import { gumConstraintsProbe } from './gum-constraints/probe.js';
import { iceCandidatesProbe } from './ice-candidates/probe.js';
import { stunReachabilityProbe } from './stun-reachability/probe.js';
import { turnReachabilityProbe } from './turn-reachability/probe.js';
import type { ProbeSpec } from './types.js';

export const PROBES: readonly ProbeSpec[] = [
  apiSurfaceProbe,
  devicesProbe,
  gumConstraintsProbe,
  iceCandidatesProbe,
  stunReachabilityProbe,
  turnReachabilityProbe,
  connectivityProbe,
];

/** Probes whose params include the ICE servers under test: a run with any of them needs servers. */
export function usesIceServers(probe: ProbeSpec): boolean {
  return probe.params !== undefined;
}

export function findProbe(id: string): ProbeSpec | undefined {
  return PROBES.find((p) => p.id === id);
}
