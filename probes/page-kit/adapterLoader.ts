// Runs in the browser. Loads webrtc-adapter and measures what it changed: adapter has no
// list of the shims it installed, so we compare the identity of the WebRTC entry points
// before and after its script ran.
import type { AdapterInfo } from '../types.js';

const WATCHED_GLOBALS = [
  'RTCPeerConnection',
  'webkitRTCPeerConnection',
  'mozRTCPeerConnection',
  'RTCSessionDescription',
  'RTCIceCandidate',
  'RTCDataChannel',
  'RTCRtpSender',
  'RTCRtpReceiver',
  'RTCRtpTransceiver',
  'RTCTrackEvent',
  'MediaStream',
  'MediaStreamTrack',
] as const;

const WATCHED_PROTOTYPES = [
  'RTCPeerConnection',
  'RTCRtpSender',
  'RTCRtpReceiver',
  'RTCRtpTransceiver',
  'RTCDataChannel',
  'RTCIceCandidate',
  'MediaStream',
  'MediaStreamTrack',
] as const;

type Snapshot = Map<string, unknown>;

function ownMembers(target: object | undefined | null, prefix: string, into: Snapshot): void {
  if (!target) return;
  for (const key of Object.getOwnPropertyNames(target)) {
    // A replaced constructor is already reported under its global name.
    if (key === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor) continue;
    // Accessors are compared by their getter/setter functions, data properties by value.
    into.set(`${prefix}.${key}`, descriptor.get ?? descriptor.set ?? descriptor.value);
  }
}

/** Identity of every watched WebRTC entry point. `win` is a parameter so tests can pass a plain object. */
export function snapshotWebRtcSurface(win: Record<string, unknown>): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const name of WATCHED_GLOBALS) snapshot.set(name, win[name]);
  for (const name of WATCHED_PROTOTYPES) {
    const ctor = win[name] as { prototype?: object } | undefined;
    ownMembers(ctor?.prototype, `${name}.prototype`, snapshot);
  }
  const nav = win['navigator'] as Record<string, unknown> | undefined;
  if (nav) {
    for (const key of ['getUserMedia', 'webkitGetUserMedia', 'mozGetUserMedia', 'msGetUserMedia']) {
      snapshot.set(`navigator.${key}`, nav[key]);
    }
    const mediaDevices = nav['mediaDevices'] as Record<string, unknown> | undefined;
    if (mediaDevices) {
      for (const key of ['getUserMedia', 'getDisplayMedia', 'enumerateDevices', 'getSupportedConstraints']) {
        snapshot.set(`navigator.mediaDevices.${key}`, mediaDevices[key]);
      }
    }
  }
  return snapshot;
}

/** Names whose value changed, appeared or vanished between two snapshots, sorted. */
export function changedEntries(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

interface AdapterGlobal {
  browserDetails?: { browser?: unknown; version?: unknown; supportsUnifiedPlan?: unknown };
}

export async function loadAdapter(win: Window, url: string): Promise<AdapterInfo> {
  const surface = win as unknown as Record<string, unknown>;
  const before = snapshotWebRtcSurface(surface);
  await new Promise<void>((resolve, reject) => {
    const script = win.document.createElement('script');
    script.src = url;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`webrtc-adapter failed to load from ${url}`));
    win.document.head.append(script);
  });
  const after = snapshotWebRtcSurface(surface);
  const adapter = surface['adapter'] as AdapterGlobal | undefined;
  const details = adapter?.browserDetails ?? {};
  return {
    browserDetails: {
      browser: typeof details.browser === 'string' ? details.browser : 'unknown',
      version: typeof details.version === 'number' ? details.version : null,
      ...(typeof details.supportsUnifiedPlan === 'boolean' ? { supportsUnifiedPlan: details.supportsUnifiedPlan } : {}),
    },
    patched: changedEntries(before, after),
  };
}
