// Configured ICE servers that never reached RTCIceGatherer: under the ORTC layer the page
// records what the RTCPeerConnection shim passed to each gatherer, and a server missing there
// was filtered out by the shim, not tried and found unreachable. Pure: evaluate functions use it.
import type { ServerRun } from '../page-kit/gather.js';
import type { Finding } from '../../core/results.js';

/** True when the run recorded its gatherers (ORTC layer only) and none of them got the run's server. */
export function droppedByShim(run: ServerRun): boolean {
  const { server, outcome } = run;
  return server !== null && outcome.gatherers !== undefined && !outcome.gatherers.some((g) => g.urls.includes(server.url));
}

/** The URLs the run's gatherers were given. */
export function gathererUrls(run: ServerRun): string[] {
  return [...new Set((run.outcome.gatherers ?? []).flatMap((g) => g.urls))];
}

/** One finding naming what the shim dropped and kept, with why; null when it dropped nothing (or no ORTC layer ran). */
export function shimFilterFinding(runs: readonly ServerRun[]): Finding | null {
  const dropped = runs.filter(droppedByShim).map((r) => r.server!.url);
  if (dropped.length === 0) return null;
  const kept = [...new Set(runs.flatMap(gathererUrls))];
  return {
    severity: 'warn',
    message:
      `configured ICE servers differ from what reached RTCIceGatherer: the RTCPeerConnection shim dropped ${dropped.join(', ')}` +
      `${kept.length ? ` and passed on ${kept.join(', ')}` : ''}. webrtc-adapter's Edge shim passes on only what ORTC-era Edge accepted ` +
      '(its filterIceServers keeps the first turn: URL with transport=udp and drops stun:, turns:, TURN over TCP and IPv6 TURN), so Edge clients cannot use the dropped servers',
  };
}
