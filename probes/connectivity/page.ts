// Two peer connections in one page, connected through one kind of path at a time, as
// test.webrtc.org's connectivity tests do: only candidates of the path's type are passed
// to the other side, so a success proves that path, not an easier one.
import { describeError } from '../page-kit/errors.js';
import { parseCandidate } from '../../core/candidate.js';
import { type IceServerEntry, isStunUrl, isTurnUrl, toRtcIceServer } from '../page-kit/iceServers.js';
import type { ConnectivityParams, ConnectivityRaw, PathAttempt, PathKind, SelectedPair } from './types.js';

interface PathPlan {
  path: PathKind;
  servers: (servers: readonly IceServerEntry[]) => IceServerEntry[];
  policy: RTCIceTransportPolicy;
}

const PATHS: readonly PathPlan[] = [
  { path: 'host', servers: () => [], policy: 'all' },
  { path: 'srflx', servers: (s) => s.filter(isStunUrl), policy: 'all' },
  { path: 'relay', servers: (s) => s.filter(isTurnUrl), policy: 'relay' },
];

async function selectedPair(pc: RTCPeerConnection): Promise<SelectedPair | undefined> {
  const stats = await pc.getStats();
  const byId = new Map<string, Record<string, unknown>>();
  stats.forEach((s: Record<string, unknown>) => byId.set(s['id'] as string, s));
  const transport = [...byId.values()].find((s) => s['type'] === 'transport' && s['selectedCandidatePairId']);
  const pair =
    (transport && byId.get(transport['selectedCandidatePairId'] as string)) ??
    [...byId.values()].find((s) => s['type'] === 'candidate-pair' && s['state'] === 'succeeded' && (s['nominated'] || s['selected']));
  if (!pair) return undefined;
  const local = byId.get(pair['localCandidateId'] as string) ?? {};
  const remote = byId.get(pair['remoteCandidateId'] as string) ?? {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const rtt = typeof pair['currentRoundTripTime'] === 'number' ? Math.round((pair['currentRoundTripTime'] as number) * 1000) : undefined;
  const relayProtocol = text(local['relayProtocol']);
  const localAddress = text(local['address']) ?? text(local['ip']);
  const remoteAddress = text(remote['address']) ?? text(remote['ip']);
  return {
    localType: text(local['candidateType']) ?? '?',
    remoteType: text(remote['candidateType']) ?? '?',
    protocol: text(local['protocol']) ?? '?',
    ...(relayProtocol ? { relayProtocol } : {}),
    ...(localAddress ? { localAddress } : {}),
    ...(remoteAddress ? { remoteAddress } : {}),
    ...(rtt !== undefined ? { currentRttMs: rtt } : {}),
  };
}

async function attempt(plan: PathPlan, params: ConnectivityParams): Promise<PathAttempt> {
  const servers = plan.servers(params.servers);
  if (plan.path !== 'host' && servers.length === 0)
    return { path: plan.path, outcome: 'skipped', reason: `no ${plan.path === 'relay' ? 'TURN' : 'STUN'} server configured`, candidatesOffered: 0 };
  const config: RTCConfiguration = { iceServers: servers.map(toRtcIceServer), iceTransportPolicy: plan.policy };
  const peers: RTCPeerConnection[] = [];
  try {
    peers.push(new RTCPeerConnection(config));
    peers.push(new RTCPeerConnection(config));
  } catch (error) {
    peers.forEach((pc) => pc.close());
    return { path: plan.path, outcome: 'failed', reason: `the browser refused the configuration: ${describeError(error)}`, candidatesOffered: 0 };
  }
  const [caller, callee] = peers as [RTCPeerConnection, RTCPeerConnection];
  let candidatesOffered = 0;
  const forward = (to: RTCPeerConnection, counts: boolean) => (event: RTCPeerConnectionIceEvent) => {
    const parsed = event.candidate?.candidate ? parseCandidate(event.candidate.candidate) : null;
    if (!parsed || parsed.type !== plan.path) return;
    if (counts) candidatesOffered++;
    to.addIceCandidate(event.candidate!).catch(() => undefined);
  };
  caller.addEventListener('icecandidate', forward(callee, true));
  callee.addEventListener('icecandidate', forward(caller, false));
  const started = performance.now();
  try {
    const channel = caller.createDataChannel('connectivity');
    const echo = new Promise<void>((resolve) =>
      callee.addEventListener('datachannel', (event) => {
        event.channel.addEventListener('message', (m) => event.channel.send(m.data as string));
        resolve();
      }),
    );
    await caller.setLocalDescription(await caller.createOffer());
    await callee.setRemoteDescription(caller.localDescription!);
    await callee.setLocalDescription(await callee.createAnswer());
    await caller.setRemoteDescription(callee.localDescription!);
    const opened = new Promise<'open'>((resolve) => channel.addEventListener('open', () => resolve('open')));
    const failed = new Promise<'failed'>((resolve) =>
      caller.addEventListener('iceconnectionstatechange', () => caller.iceConnectionState === 'failed' && resolve('failed')),
    );
    const limit = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), params.limitMs * 2));
    // Gathering done without one candidate of this path's type: nothing can connect, do not wait.
    // Likewise when a whole gathering limit passed without one (an unreachable server).
    const nothingToTry = new Promise<'no-candidates'>((resolve) => {
      caller.addEventListener('icegatheringstatechange', () => caller.iceGatheringState === 'complete' && candidatesOffered === 0 && resolve('no-candidates'));
      setTimeout(() => candidatesOffered === 0 && resolve('no-candidates'), params.limitMs);
    });
    const result = await Promise.race([opened, failed, limit, nothingToTry]);
    if (result !== 'open') {
      const outcome = candidatesOffered === 0 ? 'no-candidates' : 'failed';
      const reason =
        candidatesOffered === 0
          ? `no ${plan.path} candidates were gathered`
          : result === 'failed'
            ? 'ICE failed'
            : `not connected within ${params.limitMs * 2} ms`;
      return { path: plan.path, outcome, reason, candidatesOffered };
    }
    const connectMs = Math.round(performance.now() - started);
    await echo;
    const roundTripMs: number[] = [];
    for (let i = 0; i < params.roundTrips; i++) {
      const sent = performance.now();
      const back = new Promise<void>((resolve) => channel.addEventListener('message', () => resolve(), { once: true }));
      channel.send(`ping ${i}`);
      await Promise.race([back, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      roundTripMs.push(Math.round((performance.now() - sent) * 10) / 10);
    }
    const pair = await selectedPair(caller);
    return { path: plan.path, outcome: 'connected', candidatesOffered, connectMs, roundTripMs, ...(pair ? { selectedPair: pair } : {}) };
  } catch (error) {
    return { path: plan.path, outcome: 'failed', reason: describeError(error), candidatesOffered };
  } finally {
    caller.close();
    callee.close();
  }
}

export async function run(params: ConnectivityParams): Promise<ConnectivityRaw> {
  let capture: MediaStream | null = null;
  let captureError: string | undefined;
  if (params.withCapture) {
    capture = await navigator.mediaDevices.getUserMedia({ audio: true }).catch((error: unknown) => {
      captureError = describeError(error);
      return null;
    });
  }
  try {
    const attempts = await Promise.all(PATHS.map((plan) => attempt(plan, params)));
    return { captureActive: capture !== null, ...(captureError ? { captureError } : {}), attempts };
  } finally {
    capture?.getTracks().forEach((t) => t.stop());
  }
}
