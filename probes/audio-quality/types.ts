import type { Burst, LevelSummary } from '../page-kit/audioLevels.js';
import type { IceServerEntry } from '../page-kit/iceServers.js';

export interface AudioThresholds {
  /** Microphone RMS below this fails: silence (testrtc: -60 dB). */
  minMicRmsDb: number;
  /** Median burst delay above this warns. */
  maxAudioDelayMs: number;
  /** Audio missing from the bursts beyond this warns. */
  maxGapsMs: number;
}

/** The marked bursts: a tone of `frequencyHz` for `lengthMs` every `periodMs`, at `levelDb` peak. */
export interface BurstPlan {
  periodMs: number;
  lengthMs: number;
  frequencyHz: number;
  levelDb: number;
}

export interface AudioQualityParams {
  servers: IceServerEntry[];
  limitMs: number;
  /** How long the microphone is measured (0: skip the check). */
  micMs: number;
  /** How long the bursts are sent through the call. */
  callMs: number;
  bursts: BurstPlan;
  thresholds: AudioThresholds;
}

export interface MicCheck {
  /** The device's label (empty before permission). */
  label: string;
  sampleRate: number;
  /** Channels the track delivered, each measured on its own. */
  channels: LevelSummary[];
  /** Two channels carrying the same samples: mono in a stereo track. */
  identicalChannels: boolean;
  settings: { echoCancellation?: boolean; noiseSuppression?: boolean; autoGainControl?: boolean; channelCount?: number };
}

/** getStats' inbound-rtp audio counters at the end of the call (each absent where the browser lacks it). */
export interface AudioInboundStats {
  concealedSamples?: number;
  silentConcealedSamples?: number;
  concealmentEvents?: number;
  totalSamplesReceived?: number;
  packetsLost?: number;
  clockRate?: number;
  codec?: string;
}

export interface BurstCall {
  relayed: boolean;
  sampleRate: number;
  durationMs: number;
  /** Bursts found in the signal sent and in the signal received, on one sample clock. */
  sent: Burst[];
  received: Burst[];
  stats: AudioInboundStats | null;
}

export interface AudioQualityRaw {
  /** The microphone check, or why it could not run. */
  mic: MicCheck | { error: string } | null;
  /** The bursts through a call, or why it could not run; null when not asked for (the served page's microphone check alone). */
  call: BurstCall | { error: string } | null;
  bursts: BurstPlan;
  thresholds: AudioThresholds;
}
