// A browser that lacks an entry point a probe's page calls (WebKitGTK's build has no
// RTCPeerConnection at all) cannot run that page; running it anyway would only throw a
// ReferenceError worded differently in every engine. The page kit looks up the spec's `uses`
// when the page boots, with api-surface's own lookup, and records what was missing there and
// then instead of running the page; the registry turns the record into a skip naming it. The
// record is raw data like any other, so the skip replays from fixtures. Pure and browser-safe.
import type { AnyProbeSpec, ProbeSpec, Verdict } from '../types.js';
import { lookUp } from './apiLookup.js';

export interface MissingApis {
  /** The `uses` entries the page found undefined, in the spec's order. */
  missingApis: string[];
  /** navigator.mediaDevices exists only in a secure context: an insecure page explains its absence. */
  isSecureContext: boolean;
  userAgent: string;
}

/** Page side: the record to return instead of running the page, or null when everything it uses is there. */
export function findMissingApis(root: { isSecureContext: boolean; navigator: { userAgent: string } }, uses: readonly string[]): MissingApis | null {
  const missing = uses.filter((path) => !lookUp(root, path).present);
  return missing.length ? { missingApis: missing, isSecureContext: root.isSecureContext, userAgent: root.navigator.userAgent } : null;
}

export function isMissingApis(raw: unknown): raw is MissingApis {
  if (typeof raw !== 'object' || raw === null) return false;
  const record = raw as Partial<MissingApis>;
  return Array.isArray(record.missingApis) && record.missingApis.every((p) => typeof p === 'string') && typeof record.userAgent === 'string';
}

/** Evaluate side: `RTCPeerConnection is not defined in this browser (looked up when the page booted; user agent …)`. */
export function missingApiSkip(raw: MissingApis): Verdict {
  const names = raw.missingApis.join(', ');
  const insecure = raw.isSecureContext ? '' : '; the page was not a secure context, which hides navigator.mediaDevices';
  return {
    findings: [],
    metrics: {},
    skip: `${names} ${raw.missingApis.length === 1 ? 'is' : 'are'} not defined in this browser (looked up when the page booted${insecure}; user agent ${raw.userAgent})`,
  };
}

/**
 * The spec with an evaluate that first recognizes the missing-API record (and a `pick` that
 * passes it through, since a shared recording of a page that did not run holds only the record).
 */
export function skippingMissingApis<S extends AnyProbeSpec>(spec: S): S {
  if (!spec.uses?.length) return spec;
  const evaluate = (raw: unknown): Verdict => (isMissingApis(raw) ? missingApiSkip(raw) : spec.evaluate(raw));
  const { pick } = spec as ProbeSpec;
  return {
    ...spec,
    evaluate,
    ...(pick ? { pick: (recording: unknown, params: unknown) => (isMissingApis(recording) ? recording : pick(recording, params)) } : {}),
  };
}
