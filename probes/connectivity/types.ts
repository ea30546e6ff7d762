import type { IceProbeParams } from '../ice-shared/types.js';

export type PathKind = 'host' | 'srflx' | 'relay';

export interface ConnectivityParams extends IceProbeParams {
  /** Data channel round trips measured once connected. */
  roundTrips: number;
  /** Capture a (fake) microphone first, as a call would: browsers then reveal real host IPs instead of mDNS names. */
  withCapture: boolean;
}

export interface SelectedPair {
  localType: string;
  remoteType: string;
  protocol: string;
  /** Transport to the TURN server when the local side is a relay candidate. */
  relayProtocol?: string;
  localAddress?: string;
  remoteAddress?: string;
  /** From the candidate pair's `currentRoundTripTime`, in ms. */
  currentRttMs?: number;
}

export interface PathAttempt {
  path: PathKind;
  /** `skipped`: no server for this path was configured. `no-candidates`: gathering gave none of the path's type. */
  outcome: 'connected' | 'failed' | 'skipped' | 'no-candidates';
  reason?: string;
  candidatesOffered: number;
  connectMs?: number;
  roundTripMs?: number[];
  selectedPair?: SelectedPair;
}

export interface ConnectivityRaw {
  captureActive: boolean;
  captureError?: string;
  attempts: PathAttempt[];
}
