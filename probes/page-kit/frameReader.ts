// Runs in the browser: reads every frame a <video> shows and analyses it as it arrives —
// the mark (frame number, send time), black, the glass-to-glass delay on the page's one clock,
// and on every Nth frame PSNR/SSIM against the regenerated source at the received resolution —
// with a live freeze detector beside it. Used by the video-quality probe and made to be called
// by the served page (a real camera has no marks: then only black and freezes are judged).
import { type Mark, SCENE_TOP, SOURCE_HEIGHT, SOURCE_WIDTH, decodeMark } from './frameMark.js';
import type { FramePainter } from './markedSource.js';
import { freezeThresholdMs } from './frameTimeline.js';
import { isBlack, lumaOf, psnr, ssim } from './pixelQuality.js';

/** The copy every frame is read from: enough for 5-pixel mark blocks and the black test, cheap to read back. */
const SMALL_WIDTH = 160;
const SMALL_HEIGHT = 120;
/** Two unmarked frames this similar are the same picture: a frozen camera (testrtc's videoframechecker). */
const SAME_PICTURE_SSIM = 0.985;
/** How often the freeze detector looks, ms: a freeze is noticed at most this late. */
const WATCH_MS = 50;
/** A look this much later than due means the page itself was stalled (CPU starved): it could not read frames then. */
const STALL_MS = 100;

export interface FrameRecord {
  /** ms since `origin`: when the frame is shown. */
  t: number;
  mark: Mark | null;
  delayMs: number | null;
  width: number;
  height: number;
  black: boolean;
  psnrDb: number | null;
  ssim: number | null;
}

export interface FreezeEvent {
  fromMs: number;
  detectedAtMs: number;
}

/** A time the page's main thread did not run: frames missed then say nothing about the call. */
export interface PageStall {
  fromMs: number;
  durationMs: number;
}

export interface FrameReaderOptions {
  /** performance.now() that times count from (the source's start: send times in marks count from it too). */
  origin: number;
  /** Regenerates source frame N; null for an unmarked source (a camera). */
  paint: FramePainter | null;
  psnrEvery: number;
  /** Nominal source rate: the freeze rule's frame interval until frames have arrived. */
  fps: number;
  onFrame(record: FrameRecord): void;
  onFreeze(event: FreezeEvent): void;
  onStall(stall: PageStall): void;
}

/**
 * How frames are read: `track-processor` (MediaStreamTrackProcessor, Chromium): every decoded
 * frame, as it leaves the decoder, whether or not the compositor shows it — under load the
 * compositor skips frames that were received fine; `video-frame-callback`: each frame a <video>
 * presents, with the compositor's display time; `animation-frame`: polling where neither exists.
 */
export type FrameReaderKind = 'track-processor' | 'video-frame-callback' | 'animation-frame';

export interface FrameReader {
  kind: FrameReaderKind;
  /** ms spent analysing per frame (cheap part) and per analysed frame (PSNR/SSIM part). */
  costs: { perFrame: number[]; full: number[] };
  stop(): void;
}

function canvas2d(width: number, height: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  // Read back every frame: a CPU-backed canvas makes getImageData cheap.
  return canvas.getContext('2d', { willReadFrequently: true })!;
}

type TrackProcessorConstructor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrame> };

/** Frames the processor holds while the page is busy (its default drops all but the newest): a short stall delays reading, it does not lose frames. */
const PROCESSOR_BUFFER = 8;

/** The <video> shows the track; `track` is read by MediaStreamTrackProcessor where the browser has it on the main thread. */
export function startFrameReader(video: HTMLVideoElement, track: MediaStreamTrack, options: FrameReaderOptions): FrameReader {
  const small = canvas2d(SMALL_WIDTH, SMALL_HEIGHT);
  const regenerated = canvas2d(SOURCE_WIDTH, SOURCE_HEIGHT);
  let received = canvas2d(1, 1);
  let scaled = canvas2d(1, 1);
  const costs = { perFrame: [] as number[], full: [] as number[] };
  const intervals: number[] = [];
  let lastNewAt: number | null = null;
  let lastFrame: number | null = null;
  let frozenReported = false;
  let count = 0;
  let stopped = false;
  let previousLuma: ReturnType<typeof lumaOf> | null = null;

  const averageInterval = () => (intervals.length ? intervals.reduce((a, b) => a + b, 0) / intervals.length : 1000 / options.fps);

  const analyse = (image: CanvasImageSource, shownAt: number, width: number, height: number) => {
    const began = performance.now();
    small.drawImage(image, 0, 0, SMALL_WIDTH, SMALL_HEIGHT);
    const luma = lumaOf(small.getImageData(0, 0, SMALL_WIDTH, SMALL_HEIGHT).data, SMALL_WIDTH, SMALL_HEIGHT);
    const mark = options.paint ? decodeMark(luma) : null;
    const black = isBlack(luma);
    // Without marks (a camera), a frame is a repeat when it is nearly the picture before (testrtc's SSIM >= 0.985).
    const isNew = mark ? mark.frame !== lastFrame : previousLuma === null || ssim(previousLuma, luma) < SAME_PICTURE_SSIM;
    previousLuma = mark ? null : luma;
    if (isNew) {
      if (lastNewAt !== null) {
        intervals.push(shownAt - lastNewAt);
        if (intervals.length > 30) intervals.shift();
      }
      lastNewAt = shownAt;
      frozenReported = false;
    }
    if (mark) lastFrame = mark.frame;
    const record: FrameRecord = {
      t: shownAt - options.origin,
      mark,
      delayMs: mark ? shownAt - (options.origin + mark.sendMs) : null,
      width,
      height,
      black,
      psnrDb: null,
      ssim: null,
    };
    costs.perFrame.push(performance.now() - began);
    if (mark && options.paint && isNew && count % options.psnrEvery === 0) {
      const fullBegan = performance.now();
      if (received.canvas.width !== width || received.canvas.height !== height) {
        received = canvas2d(width, height);
        scaled = canvas2d(width, height);
      }
      received.drawImage(image, 0, 0, width, height);
      options.paint(regenerated, mark.frame, mark.sendMs);
      scaled.drawImage(regenerated.canvas, 0, 0, width, height);
      const fromRow = Math.ceil((SCENE_TOP * height) / SOURCE_HEIGHT);
      const got = lumaOf(received.getImageData(0, 0, width, height).data, width, height, fromRow);
      const sent = lumaOf(scaled.getImageData(0, 0, width, height).data, width, height, fromRow);
      record.psnrDb = psnr(sent, got);
      record.ssim = ssim(sent, got);
      costs.full.push(performance.now() - fullBegan);
    }
    count++;
    options.onFrame(record);
  };

  let lastLook = performance.now();
  const watch = setInterval(() => {
    const now = performance.now();
    if (now - lastLook > WATCH_MS + STALL_MS) options.onStall({ fromMs: lastLook - options.origin, durationMs: now - lastLook - WATCH_MS });
    lastLook = now;
    if (lastNewAt === null || frozenReported) return;
    if (now - lastNewAt > freezeThresholdMs(averageInterval())) {
      frozenReported = true;
      options.onFreeze({ fromMs: lastNewAt - options.origin, detectedAtMs: now - options.origin });
    }
  }, WATCH_MS);

  const size = (metadata?: VideoFrameCallbackMetadata) => ({ width: metadata?.width ?? video.videoWidth, height: metadata?.height ?? video.videoHeight });
  let kind: FrameReaderKind;
  let cancel = () => {};
  const Processor = (window as unknown as { MediaStreamTrackProcessor?: TrackProcessorConstructor }).MediaStreamTrackProcessor;
  if (Processor) {
    kind = 'track-processor';
    const reader = new Processor({ track, maxBufferSize: PROCESSOR_BUFFER }).readable.getReader();
    cancel = () => void reader.cancel().catch(() => undefined);
    void (async () => {
      for (;;) {
        const { value: frame, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done || !frame) return;
        try {
          if (!stopped) analyse(frame, performance.now(), frame.displayWidth, frame.displayHeight);
        } finally {
          // Unclosed frames hold decoder buffers and stall the track.
          frame.close();
        }
      }
    })();
  } else if (typeof video.requestVideoFrameCallback === 'function') {
    kind = 'video-frame-callback';
    const onFrame: VideoFrameRequestCallback = (now, metadata) => {
      if (stopped) return;
      const { width, height } = size(metadata);
      // When the frame reaches the screen: the compositor's estimate where the browser gives one.
      const shownAt = Number.isFinite(metadata.expectedDisplayTime) && metadata.expectedDisplayTime > 0 ? metadata.expectedDisplayTime : now;
      if (width > 0 && height > 0) analyse(video, shownAt, width, height);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  } else {
    // Without either, every animation frame is read; repeats are told apart by their marks only.
    kind = 'animation-frame';
    const onAnimationFrame = (now: number) => {
      if (stopped) return;
      const { width, height } = size();
      if (width > 0 && height > 0) analyse(video, now, width, height);
      requestAnimationFrame(onAnimationFrame);
    };
    requestAnimationFrame(onAnimationFrame);
  }
  return {
    kind,
    costs,
    stop() {
      stopped = true;
      clearInterval(watch);
      cancel();
    },
  };
}
