// Turns a peer connection's log entry (webrtc-internals updateLog, an rtcstats line) into a
// short annotation label: the method or event name, plus the new state or what was exchanged.
// SDP and full candidates stay out of labels: they are long, and the dump has them.
import { MAX_LABEL } from './values.js';

/** Events drawn on charts; the rest (icecandidate, transceiverModified...) are listed but not drawn. */
const MARKED = /statechange|^(?:create(?:Offer|Answer)|set(?:Local|Remote)Description|close|restartIce|setConfiguration|icecandidateerror)$|OnFailure$/i;

export function isMarkedEvent(label: string): boolean {
  const type = label.split(':', 1)[0]!.trim();
  return MARKED.test(type) || MARKED.test(type.replace(/^on/, ''));
}

const CANDIDATE = /\btyp (\w+)/;
const PROTOCOL = /^candidate:\S+ \d+ (\w+)/i;

function parseIfJson(value: string): unknown {
  const first = value.trimStart()[0];
  if (value.length > 100_000 || (first !== '{' && first !== '[' && first !== '"')) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function detail(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'string') return value.length <= 60 && !/[\r\n]/.test(value) ? value : undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const candidate = record['candidate'];
  if (typeof candidate === 'string') {
    const type = CANDIDATE.exec(candidate)?.[1];
    const protocol = PROTOCOL.exec(candidate)?.[1];
    return type ? [type, protocol?.toLowerCase()].filter(Boolean).join(' ') : candidate === '' ? 'end of candidates' : undefined;
  }
  if (typeof record['sdp'] === 'string' && typeof record['type'] === 'string') return record['type'];
  // addTrack, transceiverAdded: which kind of media.
  return typeof record['kind'] === 'string' && record['kind'].length <= 20 ? record['kind'] : undefined;
}

/** `oniceconnectionstatechange: connected`, `setRemoteDescription: answer`, `onicecandidate: host udp`. */
export function eventLabel(type: string, value: unknown): string {
  const parsed = typeof value === 'string' ? parseIfJson(value) : value;
  const extra = type.endsWith('icecandidate') && parsed === null ? 'end of candidates' : detail(parsed);
  const label = extra === undefined ? type : `${type}: ${extra}`;
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}
