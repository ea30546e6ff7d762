/** A value a constraint asks for and `MediaStreamTrack.getSettings()` reports back. */
export type SettingValue = number | string | boolean;

/**
 * How a case gave its values: `{ exact: v }` (deliver it or reject), `{ ideal: v }` (a wish),
 * or a bare `v`, which the spec treats as ideal.
 */
export type AskMode = 'exact' | 'ideal' | 'bare';

/** What a case asks for, in the vocabulary of `getSettings()`, so evaluate can compare it with what was delivered. */
export interface GumAsk {
  mode: AskMode;
  /** Settings keys (width, height, frameRate, facingMode, echoCancellation, ...) and the asked value; empty for `video: true`. */
  settings: Record<string, SettingValue>;
}

export interface GumCase {
  /** Stable name, e.g. `video-hd-exact`. */
  id: string;
  kind: 'video' | 'audio';
  /** Any working camera/microphone must grant it (plain video, plain audio, VGA ideal): a rejection is a fail. */
  basic: boolean;
  /** Passed verbatim to `navigator.mediaDevices.getUserMedia`. */
  constraints: MediaStreamConstraints;
  asks: GumAsk;
  /**
   * Wait for the first video frame / first sound. Costly for audio: Chromium's fake
   * microphone beeps only every 500 ms, so the default matrix times sound in few cases.
   */
  measureSignal: boolean;
}

export interface GumParams {
  /** Run in order, one at a time. */
  cases: GumCase[];
  /** Bounds one case from calling getUserMedia until the first frame / first sound; the rest is recorded as missing. */
  caseTimeoutMs: number;
  /** Smallest absolute sample value (of 1.0 full scale) that counts as sound. */
  silenceThreshold: number;
}

export type SignalVia = 'requestVideoFrameCallback' | 'loadeddata' | 'playing' | 'analyser';

/** One case as it really went; carries its case so the raw data judges without the params. */
export interface GumCaseResult extends GumCase {
  granted: boolean;
  /** `describeError` of the rejection, or a TimeoutError when getUserMedia did not settle before the case deadline. */
  error?: string;
  errorName?: string;
  /** `OverconstrainedError.constraint`: which constraint the browser could not satisfy. */
  errorConstraint?: string;
  /** From calling getUserMedia until it resolved or rejected; null when it did not settle before the case deadline. */
  gumSettledMs: number | null;
  /** Kinds of the tracks the stream held, e.g. `['video']`. */
  trackKinds: string[];
  /** Primitive fields of `getSettings()` of the first track of `kind`, without deviceId/groupId; null when not granted. */
  settings: Record<string, SettingValue> | null;
  /** From getUserMedia resolving until the first video frame / first non-silent audio sample; null: none before the deadline. */
  firstSignalMs: number | null;
  firstSignalVia?: SignalVia;
  /** Why the first signal could not be measured at all (e.g. the AudioContext never ran); unset when it was measured or not asked for. */
  signalUnmeasured?: string;
  /** What may explain a missing signal: play() rejected, AudioContext not running, measuring failed... */
  notes: string[];
  /** Wall time of the whole case, cleanup included. */
  caseMs: number;
}

export interface GumRaw {
  gumAvailable: boolean;
  caseTimeoutMs: number;
  silenceThreshold: number;
  /** `navigator.mediaDevices.getSupportedConstraints()` keys that are true: a browser ignores constraints it does not support. */
  supportedConstraints: string[];
  cases: GumCaseResult[];
  /** Wall time of the whole run. */
  totalMs: number;
}
