// Runs in the browser: gathers ICE candidates for one configuration and records what
// happened and when, bounded in time so an unreachable server is judged in seconds, not
// after ICE's own retransmission timeouts (~40 s).
import { describeError } from './errors.js';
import { type IceServerEntry, type PublicIceServer, publicServer, toRtcIceServer } from './iceServers.js';
import { activeOrtcTrace } from './ortc/trace.js';
import type { GathererCall } from './ortc/types.js';

export interface GatheredCandidate {
  /** The candidate line as the browser produced it. */
  candidate: string;
  /** Milliseconds since gathering started. */
  atMs: number;
  /** The ICE server URL the browser says produced it (Chromium fills `url` on the event; others may not). */
  url?: string;
}

export interface CandidateError {
  atMs: number;
  url: string;
  errorCode: number;
  errorText: string;
}

export interface GatherOutcome {
  candidates: GatheredCandidate[];
  errors: CandidateError[];
  /** When iceGatheringState reached `complete`; null when it had not within the limit. */
  completeMs: number | null;
  limitMs: number;
  /** The browser refused the configuration itself (e.g. Firefox blocks well-known ports such as 9). */
  configError?: string;
  /**
   * Under the ORTC layer only: what the RTCPeerConnection shim passed to each RTCIceGatherer it
   * made, i.e. which of the configured servers were really used.
   */
  gatherers?: GathererCall[];
}

export async function gatherCandidates(configuration: RTCConfiguration, limitMs: number): Promise<GatherOutcome> {
  const started = performance.now();
  const since = () => Math.round(performance.now() - started);
  let pc: RTCPeerConnection;
  try {
    pc = new RTCPeerConnection(configuration);
  } catch (error) {
    return { candidates: [], errors: [], completeMs: null, limitMs, configError: describeError(error) };
  }
  const candidates: GatheredCandidate[] = [];
  const errors: CandidateError[] = [];
  let completeMs: number | null = null;
  let gatherers: GathererCall[] | undefined;
  try {
    const complete = new Promise<void>((resolve) => {
      pc.addEventListener('icecandidate', (event) => {
        const { candidate } = event;
        if (candidate?.candidate) {
          const url = (event as RTCPeerConnectionIceEvent & { url?: string | null }).url;
          candidates.push({ candidate: candidate.candidate, atMs: since(), ...(url ? { url } : {}) });
        }
      });
      pc.addEventListener('icecandidateerror', (event) => {
        const e = event as RTCPeerConnectionIceErrorEvent;
        errors.push({ atMs: since(), url: e.url ?? '', errorCode: e.errorCode, errorText: e.errorText ?? '' });
      });
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') {
          completeMs ??= since();
          resolve();
        }
      });
    });
    // An m-section is what makes the browser gather: a data channel where there is one; the
    // Edge shim has none (EdgeHTML had no data channels), so an audio m-section there.
    const withDataChannel = typeof pc.createDataChannel === 'function';
    if (withDataChannel) pc.createDataChannel('gather');
    const trace = activeOrtcTrace();
    const made = trace?.gatherers.length ?? 0;
    const offer = pc.createOffer(withDataChannel ? {} : { offerToReceiveAudio: true });
    // The shim makes its gatherers inside createOffer, before it returns: these are this connection's.
    gatherers = trace?.gatherers.slice(made);
    await pc.setLocalDescription(await offer);
    await Promise.race([complete, new Promise((resolve) => setTimeout(resolve, limitMs))]);
  } finally {
    pc.close();
  }
  return { candidates, errors, completeMs, limitMs, ...(gatherers ? { gatherers } : {}) };
}

/** One gathering run against one ICE server (or none: `server` null), as probes record it. */
export interface ServerRun {
  server: PublicIceServer | null;
  policy: RTCIceTransportPolicy;
  outcome: GatherOutcome;
}

/** Gathers against each server on its own, all at once, so unreachable ones cost one limit in total. */
export function gatherPerServer(servers: readonly IceServerEntry[], policy: RTCIceTransportPolicy, limitMs: number): Promise<ServerRun[]> {
  return Promise.all(
    servers.map(async (server) => ({
      server: publicServer(server),
      policy,
      outcome: await gatherCandidates({ iceServers: [toRtcIceServer(server)], iceTransportPolicy: policy }, limitMs),
    })),
  );
}
