import { informational, mustNotDrop } from '../metrics.js';
import type { Finding } from '../../core/results.js';
import type { ProbeSpec, Verdict } from '../types.js';
import { API_CATALOG, type ApiRole } from './catalog.js';
import type { ApiSurfaceParams, ApiSurfaceRaw } from './types.js';

const PREFIXED_GUM = ['navigator.webkitGetUserMedia', 'navigator.mozGetUserMedia', 'navigator.msGetUserMedia'];

function pathsWith(raw: ApiSurfaceRaw, role: ApiRole, present: boolean): string[] {
  return API_CATALOG.filter((e) => e.role === role && (raw.apis[e.path]?.present ?? false) === present).map((e) => e.path);
}

/**
 * Pass rule: every `required` entry point exists and the page is a secure context (fail
 * otherwise); a missing `modern` entry point is a warning; legacy/prefixed/ORTC names are
 * listed as information only, since their absence is normal today.
 */
export function evaluateApiSurface(raw: ApiSurfaceRaw): Verdict {
  const findings: Finding[] = [];
  if (!raw.isSecureContext) findings.push({ severity: 'fail', message: 'page is not a secure context: getUserMedia is unavailable' });
  for (const path of pathsWith(raw, 'required', false)) findings.push({ severity: 'fail', message: `${path} is missing` });
  for (const path of pathsWith(raw, 'modern', false)) findings.push({ severity: 'warn', message: `${path} is missing` });
  const legacy = pathsWith(raw, 'legacy', true);
  findings.push({ severity: 'info', message: legacy.length ? `legacy/prefixed APIs present: ${legacy.join(', ')}` : 'no legacy or prefixed APIs present' });
  if (raw.senderCodecs) {
    findings.push({ severity: 'info', message: `video codecs: ${raw.senderCodecs.video.join(', ') || 'none'}` });
    findings.push({ severity: 'info', message: `audio codecs: ${raw.senderCodecs.audio.join(', ') || 'none'}` });
  }
  if (raw.ortc) {
    findings.push({
      severity: 'info',
      message: `this page ran under our ORTC layer (${raw.ortc.profile}): it hid ${raw.ortc.hidden.join(', ') || 'nothing'} and installed ${raw.ortc.installed.join(', ')}, and the shim built the WebRTC 1.0 entry points found here on top; codec capabilities are EdgeHTML's, from ${raw.ortc.capabilitiesSource}`,
    });
  }
  if (raw.adapter) {
    const { browser, version } = raw.adapter.browserDetails;
    findings.push({ severity: 'info', message: `webrtc-adapter detected ${browser} ${version ?? '(no version)'}` });
    findings.push({
      severity: 'info',
      message: raw.adapter.patched.length ? `webrtc-adapter changed: ${raw.adapter.patched.join(', ')}` : 'webrtc-adapter changed nothing',
    });
  }
  const countPresent = (role: ApiRole) => pathsWith(raw, role, true).length;
  return {
    findings,
    metrics: {
      requiredPresent: countPresent('required'),
      modernPresent: countPresent('modern'),
      legacyPresent: countPresent('legacy'),
      prefixedGetUserMedia: PREFIXED_GUM.filter((p) => raw.apis[p]?.present).length,
      videoCodecs: raw.senderCodecs?.video.length ?? 0,
      audioCodecs: raw.senderCodecs?.audio.length ?? 0,
      ...(raw.adapter ? { adapterPatched: raw.adapter.patched.length } : {}),
    },
  };
}

export const apiSurfaceProbe: ProbeSpec<ApiSurfaceParams, ApiSurfaceRaw> = {
  id: 'api-surface',
  title: 'WebRTC API surface',
  summary: 'which WebRTC entry points exist, prefixed and ORTC-era ones included, and what webrtc-adapter changes',
  pageModule: 'probes/api-surface/page.js',
  defaultParams: {},
  timeoutMs: 10_000,
  metrics: {
    requiredPresent: mustNotDrop('APIs'),
    modernPresent: mustNotDrop('APIs'),
    legacyPresent: informational('APIs'),
    prefixedGetUserMedia: informational('APIs'),
    // One codec fewer is an interop break.
    videoCodecs: mustNotDrop('codecs'),
    audioCodecs: mustNotDrop('codecs'),
    adapterPatched: informational('APIs'),
  },
  keyFigure: (m) => `${m['requiredPresent'] ?? 0} required APIs`,
  evaluate: evaluateApiSurface,
};
