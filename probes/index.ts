// The probe registry: every probe the harness knows, in the order a run executes them.
// Explicit on purpose (no registration by import side effect), so this file is the list.
import { apiSurfaceProbe } from './api-surface/probe.js';
import { connectivityProbe } from './connectivity/probe.js';
import { datachannelThroughputProbe } from './datachannel-throughput/probe.js';
import { devicesProbe } from './devices/probe.js';
import { getstatsBandwidthProbe } from './getstats-bandwidth/probe.js';
import { gumConstraintsProbe } from './gum-constraints/probe.js';
import { iceCandidatesProbe } from './ice-candidates/probe.js';
import { stunReachabilityProbe } from './stun-reachability/probe.js';
import { turnReachabilityProbe } from './turn-reachability/probe.js';
import { videoQualityProbe } from './video-quality/probe.js';
import { audioQualityProbe } from './audio-quality/probe.js';
import { sdpNegotiationProbe } from './sdp-negotiation/probe.js';
import { skippingMissingApis } from './page-kit/missingApis.js';
import { serverEchoProbe, serverEchoReadinessProbe } from './server-echo/probe.js';
import { skippingOrtcGaps } from './page-kit/ortc/notRun.js';
import { type AnyProbeSpec, isPairProbe } from './types.js';

const REGISTERED: readonly AnyProbeSpec[] = [
  apiSurfaceProbe,
  devicesProbe,
  gumConstraintsProbe,
  iceCandidatesProbe,
  stunReachabilityProbe,
  turnReachabilityProbe,
  connectivityProbe,
  getstatsBandwidthProbe,
  videoQualityProbe,
  audioQualityProbe,
  datachannelThroughputProbe,
  serverEchoProbe,
  sdpNegotiationProbe,
];

/**
 * Each probe as a spec declares it; a page profile that lacks what it `needs` makes it a skip with
 * the profile's reason, and a browser without an entry point it `uses` a skip naming that entry point.
 */
export const PROBES: readonly AnyProbeSpec[] = REGISTERED.map((spec) => skippingMissingApis(isPairProbe(spec) ? spec : skippingOrtcGaps(spec)));

/** Probes `check` runs with shorter params than `run` (a readiness verdict must come in seconds), wrapped like PROBES. */
const READINESS_VARIANTS: ReadonlyMap<string, AnyProbeSpec> = new Map([
  [serverEchoReadinessProbe.id, skippingMissingApis(skippingOrtcGaps(serverEchoReadinessProbe))],
]);

/** The probe as `check` runs it: its readiness variant where it has one, else itself. */
export function asReadinessCheck(spec: AnyProbeSpec): AnyProbeSpec {
  return READINESS_VARIANTS.get(spec.id) ?? spec;
}

/** Probes whose params include the ICE servers under test: a run with any of them needs servers. */
export function usesIceServers(probe: AnyProbeSpec): boolean {
  return 'params' in probe && probe.params !== undefined;
}

/** Probes that call a media server: a run with any of them starts the embedded Janus (or checks --janus). */
export function usesMediaServer(probe: AnyProbeSpec): boolean {
  return 'usesMediaServer' in probe && probe.usesMediaServer === true;
}

export function findProbe(id: string): AnyProbeSpec | undefined {
  return PROBES.find((p) => p.id === id);
}
