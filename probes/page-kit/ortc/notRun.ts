// Probes that need what the edge-ortc column lacks return this record instead of measuring,
// and their evaluate turns it into a skip that says why. The record is raw data like any
// other (it names the layer and what adapter detected), so the skip replays from fixtures.
// Pure and browser-safe.
import type { AdapterInfo, PageContext, Verdict } from '../../types.js';
import type { OrtcLayerInfo } from './types.js';

/** What a probe needs that the ORTC layer cannot give here. */
export type OrtcGap = 'media-engine' | 'data-channel' | 'chromium-capture';

export interface OrtcNotRun {
  notRun: OrtcGap;
  ortc: OrtcLayerInfo;
  adapter: AdapterInfo | null;
}

const WHY: Readonly<Record<OrtcGap, string>> = {
  'media-engine': 'not possible in this column: there is no ORTC media engine behind the layer, so RTCIceTransport and RTCDtlsTransport never connect and RTCRtpSender sends nothing',
  'data-channel': "not possible in this column: the Edge shim's RTCPeerConnection has no createDataChannel (EdgeHTML had no data channels), and no media engine stands behind the ORTC layer",
  'chromium-capture': "not judged in this column: getUserMedia here is Chromium's own (the ORTC layer replaces only the peer-connection API), so the result would describe Chromium's capture, not EdgeHTML's; see the chromium column",
};

/** Page side: the record to return instead of measuring, or null when the page can measure. */
export function ortcNotRun(context: PageContext, gap: OrtcGap): OrtcNotRun | null {
  if (!context.ortc) return null;
  if (gap === 'media-engine' && context.ortc.carriesMedia) return null;
  return { notRun: gap, ortc: context.ortc, adapter: context.adapter };
}

export function isOrtcNotRun(raw: unknown): raw is OrtcNotRun {
  return typeof raw === 'object' && raw !== null && typeof (raw as { notRun?: unknown }).notRun === 'string' && typeof (raw as { ortc?: unknown }).ortc === 'object';
}

/** Evaluate side: the skip, naming the column it ran in as the raw data recorded it. */
export function ortcSkip(raw: OrtcNotRun): Verdict {
  const details = raw.adapter?.browserDetails;
  const detected = details ? `webrtc-adapter detected ${details.browser}${details.version !== null ? ` ${details.version}` : ''}` : 'no webrtc-adapter';
  return { findings: [], metrics: {}, skip: `${WHY[raw.notRun]} (${raw.ortc.profile}: ORTC layer, ${detected})` };
}

/** An evaluate that first recognizes the not-run record; the probe's own rule judges everything else. */
export function skippingOrtcGaps<Raw>(evaluate: (raw: Raw) => Verdict): (raw: Raw | OrtcNotRun) => Verdict {
  return (raw) => (isOrtcNotRun(raw) ? ortcSkip(raw) : evaluate(raw));
}
