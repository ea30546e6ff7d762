// The probe registry: every probe the harness knows, in the order a run executes them.
// Explicit on purpose (no registration by import side effect), so this file is the list.
import { apiSurfaceProbe } from './api-surface/probe.js';
import { devicesProbe } from './devices/probe.js';
import { gumConstraintsProbe } from './gum-constraints/probe.js';
import type { ProbeSpec } from './types.js';

export const PROBES: readonly ProbeSpec[] = [apiSurfaceProbe, devicesProbe, gumConstraintsProbe];

export function findProbe(id: string): ProbeSpec | undefined {
  return PROBES.find((p) => p.id === id);
}
