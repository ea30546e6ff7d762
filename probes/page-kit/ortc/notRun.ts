// The edge-ortc profile's gaps: what a probe page may need (PageNeed) that the ORTC layer
// cannot give, and why. The page kit checks a probe's declared needs once, before its page
// runs, and returns this record instead of running it; the registry turns the record into a
// skip that says why. The record is raw data like any other (it names the layer and what
// adapter detected), so the skip replays from fixtures. Pure and browser-safe.
import type { AdapterInfo, PageContext, PageNeed, ProbeSpec, Verdict } from '../../types.js';
import type { OrtcLayerInfo } from './types.js';

export interface OrtcNotRun {
  notRun: PageNeed;
  ortc: OrtcLayerInfo;
  adapter: AdapterInfo | null;
}

const WHY: Readonly<Record<PageNeed, string>> = {
  'media-engine':
    'not possible in this column: there is no ORTC media engine behind the layer, so RTCIceTransport and RTCDtlsTransport never connect and RTCRtpSender sends nothing',
  'data-channel':
    "not possible in this column: the Edge shim's RTCPeerConnection has no createDataChannel (EdgeHTML had no data channels), and no media engine stands behind the ORTC layer",
  'chromium-capture':
    "not judged in this column: getUserMedia here is Chromium's own (the ORTC layer replaces only the peer-connection API), so the result would describe Chromium's capture, not EdgeHTML's; see the chromium column",
};

/** Whether this ORTC layer lacks what the page needs. */
const lacks = (ortc: OrtcLayerInfo, need: PageNeed) => need !== 'media-engine' || !ortc.carriesMedia;

/** Page side: the record to return instead of running the page, or null when the page can run. */
export function ortcNotRun(context: PageContext, needs: readonly PageNeed[]): OrtcNotRun | null {
  const { ortc } = context;
  const gap = ortc ? needs.find((need) => lacks(ortc, need)) : undefined;
  return ortc && gap ? { notRun: gap, ortc, adapter: context.adapter } : null;
}

export function isOrtcNotRun(raw: unknown): raw is OrtcNotRun {
  return (
    typeof raw === 'object' && raw !== null && typeof (raw as { notRun?: unknown }).notRun === 'string' && typeof (raw as { ortc?: unknown }).ortc === 'object'
  );
}

/** Evaluate side: the skip, naming the column it ran in as the raw data recorded it. */
export function ortcSkip(raw: OrtcNotRun): Verdict {
  const details = raw.adapter?.browserDetails;
  const detected = details ? `webrtc-adapter detected ${details.browser}${details.version !== null ? ` ${details.version}` : ''}` : 'no webrtc-adapter';
  return { findings: [], metrics: {}, skip: `${WHY[raw.notRun]} (${raw.ortc.profile}: ORTC layer, ${detected})` };
}

/** The spec with an evaluate that first recognizes the not-run record of a need it declared; its own rule judges everything else. */
export function skippingOrtcGaps(spec: ProbeSpec): ProbeSpec {
  const needs = spec.needs ?? [];
  if (!needs.length) return spec;
  return { ...spec, evaluate: (raw) => (isOrtcNotRun(raw) && needs.includes(raw.notRun) ? ortcSkip(raw) : spec.evaluate(raw)) };
}
