// The visitor's verdict in plain words: readinessOf (the verdict and advice lines of `check`)
// read as one sentence, a camera/microphone permission the visitor refused said as such
// rather than as the errors it causes, and what the camera and microphone checks found said
// as what to do. Pure: a stored results.json gives the same verdict.
import type { ProbeResult } from '../../../../core/results.js';
import { isRecord, records, text } from '../../../../probes/rawText.js';
import { type Advice, readinessOf } from '../../../readiness.js';

export type VerdictLevel = 'ready' | 'degraded' | 'not-ready' | 'denied' | 'insecure';

export interface VisitVerdict {
  level: VerdictLevel;
  headline: string;
  /** One sentence under the headline: what it means for calls. */
  meaning: string;
  /** `check`'s advice lines (warn/fail findings and error reasons). */
  advice: Advice[];
}

const NOT_ALLOWED = /^NotAllowedError\b/;

/**
 * Whether the camera/microphone permission was refused (by the visitor, or by the browser's
 * settings): devices asks for it first, and the capture check meets the same refusal.
 */
export function permissionDenied(results: readonly ProbeResult[]): boolean {
  return results.some((result) => {
    const raw = result.raw;
    if (!isRecord(raw)) return false;
    if (result.probe === 'devices') return isRecord(raw['permission']) && NOT_ALLOWED.test(text(raw['permission']['error']));
    if (result.probe === 'gum-constraints') return records(raw['cases']).some((c) => text(c['errorName']) === 'NotAllowedError');
    return false;
  });
}

/** Whether the page ran outside a secure context (plain http to another machine), where browsers offer no camera or microphone at all. */
export function insecureContext(results: readonly ProbeResult[]): boolean {
  return results.some((result) => result.probe === 'api-surface' && isRecord(result.raw) && result.raw['isSecureContext'] === false);
}

/**
 * What to do about the camera and microphone checks' findings (video-quality's black and frozen
 * frames, audio-quality's silent or clipping microphone), first among the advice lines.
 */
const DEVICE_ADVICE: readonly { probe: string; finding: RegExp; message: string }[] = [
  {
    probe: 'video-quality',
    finding: /^black:/,
    message: 'Your camera sends a black picture: check that nothing covers the lens, that its privacy switch is open, and that no other app is using it.',
  },
  {
    probe: 'video-quality',
    finding: /^(frozen|\d+ freeze)/,
    message: 'Your camera’s picture freezes: close other apps that use the camera, try another USB port, or give this computer less to do during calls.',
  },
  {
    probe: 'audio-quality',
    finding: /^microphone silent/,
    message:
      'Your microphone picks up no sound: check that it is not muted (its switch, or the input in the system’s sound settings) and that the right one is chosen.',
  },
  {
    probe: 'audio-quality',
    finding: /^microphone clipping/,
    message: 'Your microphone is too loud, so your voice will sound distorted: turn its input level down in the system’s sound settings.',
  },
];

export function deviceAdvice(results: readonly ProbeResult[]): Advice[] {
  return DEVICE_ADVICE.flatMap((rule) => {
    const hits = results.flatMap((r) =>
      r.probe === rule.probe ? r.findings.filter((f) => f.severity !== 'info' && rule.finding.test(f.message)).map((f) => ({ r, f })) : [],
    );
    if (!hits.length) return [];
    const severity: Advice['severity'] = hits.some((h) => h.f.severity === 'fail') ? 'fail' : 'warn';
    return [{ browsers: [...new Set(hits.map((h) => h.r.browser.name))], severity, message: rule.message }];
  });
}

export function visitVerdict(results: readonly ProbeResult[]): VisitVerdict {
  const readiness = readinessOf(results);
  const advice = [...deviceAdvice(results), ...readiness.advice];
  if (insecureContext(results)) {
    return {
      level: 'insecure',
      headline: 'Opened over plain http, so the browser kept the camera and microphone from this page',
      meaning:
        'Browsers offer the camera and microphone only to pages opened over https (or on the computer itself). Ask for the https address of this check and run it again. The network results below were measured anyway.',
      advice,
    };
  }
  if (permissionDenied(results)) {
    return {
      level: 'denied',
      headline: 'Camera/microphone access was denied — allow it and run again',
      meaning:
        'The browser refused this page the camera and microphone, so a call could not be tested with them. Allow both for this site (the camera icon in the address bar, or the browser’s site settings), then run the check again. The network results below were measured anyway.',
      advice,
    };
  }
  if (!readiness.ready) {
    return {
      level: 'not-ready',
      headline: 'Not ready: calls from this browser and network are likely to fail',
      meaning: 'Something a call needs did not work. Each line below says what, and what to do about it.',
      advice,
    };
  }
  if (readiness.degraded) {
    return {
      level: 'degraded',
      headline: 'Ready, with warnings: calls should work, perhaps not at their best',
      meaning: 'Calls can connect, but something may cost quality or reliability; the lines below say what.',
      advice,
    };
  }
  return {
    level: 'ready',
    headline: 'Ready: this browser and network can make calls through this server',
    meaning: 'Camera, microphone and connections through the server all worked.',
    advice,
  };
}
