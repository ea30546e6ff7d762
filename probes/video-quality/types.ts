import type { FrameReaderKind, PageStall } from '../page-kit/frameReader.js';
import type { IceServerEntry } from '../page-kit/iceServers.js';
import type { SourceMode } from '../page-kit/markedSource.js';

/** What the verdict holds the received picture to; recorded in the raw data so a stored result is judged the same way again. */
export interface VideoThresholds {
  /** Median PSNR below this warns: the picture is visibly degraded. */
  minPsnrDb: number;
  /** Received frame rate below this warns (absent in recordings made before it existed: not judged). */
  minFps?: number;
  /** Median glass-to-glass delay above this warns. */
  maxGlassToGlassMs: number;
  /**
   * Freezes, skipped frames and picture quality are judged after this long from the first frame:
   * a new call's encoder starts low and drops frames while the bandwidth estimate ramps up.
   */
  warmupMs: number;
  /** More than this share of frames black fails (testrtc: a third). */
  maxBlackShare: number;
  /** Frozen for longer than this in total fails; any freeze warns. */
  maxFrozenMs: number;
}

/** The served page's camera check: the default camera read for a while, judged by the same evaluate. */
export interface CameraCheckParams {
  durationMs: number;
  thresholds: VideoThresholds;
}

export interface VideoQualityParams {
  servers: IceServerEntry[];
  /** Bound on ICE connecting. */
  limitMs: number;
  /** How long the marked source is sent and received. */
  durationMs: number;
  source: SourceMode;
  /** `frozen-after-ms` only. */
  freezeAtMs: number;
  fps: number;
  /** PSNR/SSIM on every Nth received frame (marks, black and freezes on every one): the decimation that keeps analysis real-time. */
  psnrEvery: number;
  thresholds: VideoThresholds;
}

/** Cost of the page's analysis, measured with performance.now() around it. */
export interface AnalysisCost {
  /** Per received frame: mark, black test (on a 160x120 copy). */
  perFrameMsMedian: number;
  perFrameMsP95: number;
  /** Per analysed frame (every psnrEvery-th): regenerating the source and PSNR/SSIM at the received resolution. */
  fullMsMedian: number;
  fullMsP95: number;
  /** Share of the call's wall time the page's main thread spent analysing, %. */
  busyPct: number;
}

/** getStats' inbound-rtp video counters at the end of the call (each absent where the browser lacks it). */
export interface VideoInboundStats {
  framesReceived?: number;
  framesDecoded?: number;
  framesDropped?: number;
  freezeCount?: number;
  totalFreezesDuration?: number;
  framesPerSecond?: number;
  frameWidth?: number;
  frameHeight?: number;
  codec?: string;
}

/**
 * Every frame the receiver saw, column by column (one entry per frame): when it was shown
 * (ms since the source started, the page's one clock), the mark read from it (-1: none), the
 * glass-to-glass delay, the resolution, black (1/0), and PSNR/SSIM where analysed (null otherwise).
 */
export interface ReceivedFrames {
  t: number[];
  frame: number[];
  delayMs: (number | null)[];
  width: number[];
  height: number[];
  black: number[];
  psnrDb: (number | null)[];
  ssim: (number | null)[];
}

/** What the live detector saw as it happened: a freeze from the last new frame until it was noticed. */
export interface LiveFreeze {
  fromMs: number;
  detectedAtMs: number;
}

export interface VideoQualityRaw {
  /** How frames were read (page-kit/frameReader): what `shown` and the delay mean depends on it. */
  reader: FrameReaderKind;
  relayed: boolean;
  /** `camera`: cameraCheck() on a real camera, unmarked (black and freezes only, no PSNR or delay). */
  source: { mode: SourceMode | 'camera'; fps: number; framesDrawn: number; stoppedAtMs: number | null };
  /** ms from the source's start until reading stopped. */
  durationMs: number;
  psnrEvery: number;
  frames: ReceivedFrames;
  liveFreezes: LiveFreeze[];
  /** When the page's main thread was stalled (its watch timer ran late): no frame could be read then. */
  pageStalls: PageStall[];
  cost: AnalysisCost;
  stats: VideoInboundStats | null;
  /**
   * Seconds the sender's encoder spent limited by `cpu`, `bandwidth`, `other` or `none`, where the
   * browser reports it (Chromium); null where it does not, absent in older recordings.
   */
  sender?: { qualityLimitationDurations: Record<string, number> } | null;
  thresholds: VideoThresholds;
}
