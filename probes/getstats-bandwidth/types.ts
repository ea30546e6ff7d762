import type { SeriesSet } from '../../core/series.js';
import type { IceProbeParams } from '../ice-shared/types.js';

/** What a call needs; recorded in the raw data so a stored result is judged the same way again. */
export interface QualityThresholds {
  minVideoKbps: number;
  minAudioKbps: number;
  maxRttMs: number;
  maxJitterMs: number;
  /** Above this loss the call degrades visibly (warn); above twice it, it breaks up (fail). */
  maxLossPct: number;
  minMos: number;
}

export interface BandwidthParams extends IceProbeParams {
  /** How long media flows; browsers need ~15-25 s to find a bandwidth cap. */
  durationMs: number;
  sampleMs: number;
  thresholds: QualityThresholds;
}

/** qualityLimitationReason as a number, so it fits the numeric series model. */
export const QUALITY_LIMITATION_CODES: Readonly<Record<string, number>> = { none: 0, cpu: 1, bandwidth: 2, other: 3 };

export interface BandwidthRaw {
  relayed: boolean;
  durationMs: number;
  /** Per second of the call, on the sender (`caller`) and the receiver (`callee`). */
  sets: SeriesSet[];
  /** Seconds the video encoder reported each qualityLimitationReason (Chromium only). */
  qualityLimitation: Record<string, number>;
  codecs: { audio?: string; video?: string };
  thresholds: QualityThresholds;
}
