// Runs in the browser: two peer connections in one page connected to each other, through
// the TURN relay when asked (so the traffic crosses the scenario's network), for probes that
// measure what flows between them.
import { type IceServerEntry, isTurnUrl, toRtcIceServer } from './iceServers.js';

export interface LoopbackCall {
  caller: RTCPeerConnection;
  callee: RTCPeerConnection;
  /** Whether the call was forced through the TURN relay. */
  relayed: boolean;
  close(): void;
}

/**
 * Creates both ends; `setUp` adds tracks or channels to the caller before the offer. Resolves
 * when ICE connects, rejects after `limitMs`.
 */
export async function startLoopbackCall(
  servers: readonly IceServerEntry[],
  setUp: (caller: RTCPeerConnection, callee: RTCPeerConnection) => void,
  limitMs: number,
): Promise<LoopbackCall> {
  const turn = servers.filter(isTurnUrl);
  const config: RTCConfiguration = turn.length ? { iceServers: turn.map(toRtcIceServer), iceTransportPolicy: 'relay' } : {};
  const caller = new RTCPeerConnection(config);
  const callee = new RTCPeerConnection(config);
  const close = () => {
    caller.close();
    callee.close();
  };
  caller.addEventListener('icecandidate', (e) => e.candidate && callee.addIceCandidate(e.candidate).catch(() => undefined));
  callee.addEventListener('icecandidate', (e) => e.candidate && caller.addIceCandidate(e.candidate).catch(() => undefined));
  try {
    setUp(caller, callee);
    await caller.setLocalDescription(await caller.createOffer());
    await callee.setRemoteDescription(caller.localDescription!);
    await callee.setLocalDescription(await callee.createAnswer());
    await caller.setRemoteDescription(callee.localDescription!);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not connected within ${limitMs} ms`)), limitMs);
      const check = () => {
        if (caller.iceConnectionState === 'connected' || caller.iceConnectionState === 'completed') {
          clearTimeout(timer);
          resolve();
        } else if (caller.iceConnectionState === 'failed') {
          clearTimeout(timer);
          reject(new Error('ICE failed'));
        }
      };
      caller.addEventListener('iceconnectionstatechange', check);
      check();
    });
  } catch (error) {
    close();
    throw error;
  }
  return { caller, callee, relayed: turn.length > 0, close };
}

/** getStats as plain objects by id, so fields of other objects (codecId, remoteId) can be followed. */
export async function statsById(pc: RTCPeerConnection): Promise<Map<string, Record<string, unknown>>> {
  const map = new Map<string, Record<string, unknown>>();
  (await pc.getStats()).forEach((s: Record<string, unknown>) => map.set(s['id'] as string, s));
  return map;
}

/** A call carrying `stream`'s tracks from caller to callee: resolves with the stream as the callee receives it. */
export async function sendThroughLoopback(
  servers: readonly IceServerEntry[],
  stream: MediaStream,
  limitMs: number,
): Promise<{ call: LoopbackCall; received: MediaStream }> {
  // Set by the callee's track event during setup (an object: TypeScript does not follow assignments in callbacks).
  const incoming: { stream: MediaStream | null } = { stream: null };
  const call = await startLoopbackCall(
    servers,
    (caller, callee) => {
      for (const track of stream.getTracks()) caller.addTrack(track, stream);
      callee.addEventListener('track', (e) => {
        incoming.stream ??= e.streams[0] ?? new MediaStream([e.track]);
      });
    },
    limitMs,
  );
  if (!incoming.stream) {
    call.close();
    throw new Error('the receiving end got no track');
  }
  return { call, received: incoming.stream };
}
