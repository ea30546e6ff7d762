import type { SeriesSet } from '../../core/series.js';
import type { JanusEndpoint, JanusFailureKind } from '../page-kit/janusApi.js';
import type { IceServerEntry, PublicIceServer } from '../page-kit/iceServers.js';

/** What a call to a media server needs on each leg; recorded in the raw data so a stored result is judged the same way again. */
export interface ServerEchoThresholds {
  /** Above this loss on a leg the call degrades visibly (warn); above twice it, it breaks up (fail). */
  maxLossPct: number;
  maxJitterMs: number;
  maxRttMs: number;
  /** Below this upstream capacity video suffers (warn). */
  minUpKbps: number;
}

export interface ServerEchoParams {
  /** The run's ICE servers: TURN ones are offered to ICE (a relayed path when the direct one fails). */
  servers: IceServerEntry[];
  /** The Janus API the page talks to; null: the run has no media server (a skip). */
  janus: JanusEndpoint | null;
  /** Session, negotiation and ICE together must succeed within this. */
  connectLimitMs: number;
  /** EchoTest's bitrate cap (the REMB it sends), raised step by step while the path carries it. */
  stepsKbps: number[];
  stepMs: number;
  sampleMs: number;
  /** A data channel echo every this many ms. */
  pingMs: number;
  thresholds: ServerEchoThresholds;
}

/** One step of the capacity search: the cap in force between two times of the series (seconds). */
export interface CapStep {
  capKbps: number;
  fromT: number;
  toT: number;
}

export type ServerEchoStage = 'session' | 'attach' | 'negotiate' | 'ice';

export interface ServerEchoRaw {
  /** The Janus called (its label: no secret). */
  server: string;
  /** The EchoTest handle's opaque_id: how Janus's admin API names this call (for cross-checks). */
  opaqueId: string;
  /** Whether the call went through the TURN relay (the selected pair's local candidate is a relay one). */
  relayed: boolean;
  /** The selected pair's local candidate type (host, srflx, prflx, relay). */
  localCandidateType?: string;
  /** Public form of the ICE servers used (no credentials). */
  iceServers: PublicIceServer[];
  /** Set when the call never got going: at which stage, why. */
  failure?: { stage: ServerEchoStage; kind: JanusFailureKind | 'ice'; message: string };
  connectMs?: number;
  durationMs: number;
  steps: CapStep[];
  /** `upstream` (what we send, and Janus's receiver reports of it), `downstream` (what comes back), per sample. */
  sets: SeriesSet[];
  /** Data channel echoes: how many were sent, and the round trip of each that came back (ms). */
  pings: { sent: number; rttMs: number[] };
  codecs: { audio?: string; video?: string };
  thresholds: ServerEchoThresholds;
}

/** Series of the upstream set; cumulative counters are the raw getStats values, so any window can be judged later. */
export const UPSTREAM_FIELDS = [
  'capKbps',
  'sendKbps',
  'wireKbps',
  'bweKbps',
  'audioSent',
  'audioLostAtServer',
  'videoSent',
  'videoLostAtServer',
  'upJitterMs',
  'rttMs',
  'sentFps',
  'sentHeight',
] as const;

export const DOWNSTREAM_FIELDS = [
  'receiveKbps',
  'audioReceived',
  'audioLost',
  'videoReceived',
  'downJitterMs',
  'framesDecoded',
  'freezeCount',
  'receivedFps',
  'receivedHeight',
] as const;

export const UPSTREAM_SET = 'upstream (sent to Janus, its receiver reports)';
export const DOWNSTREAM_SET = 'downstream (echoed back by Janus)';
