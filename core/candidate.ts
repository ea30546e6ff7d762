// ICE candidate lines (RFC 8445 / RFC 8839 `candidate:` attribute) parsed into the fields
// the probes judge on. The line is read by sdp-transform's grammar (its a=candidate entry), the
// one SDP grammar the toolkit parses with; this module only checks and names the fields.
// Pure and browser-safe: page code and Node-side evaluate share it.
import { parseAttribute } from './sdp/grammar.js';

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface ParsedCandidate {
  foundation: string;
  component: number;
  protocol: 'udp' | 'tcp';
  priority: number;
  address: string;
  port: number;
  type: CandidateType;
  /** `active`, `passive`, `so` for TCP candidates. */
  tcpType?: string;
  relatedAddress?: string;
  relatedPort?: number;
  /** Host candidate hidden behind an mDNS name (`<uuid>.local`) instead of its IP. */
  mdns: boolean;
  ipVersion: 4 | 6 | null;
}

const TYPES: readonly string[] = ['host', 'srflx', 'prflx', 'relay'];

const isCandidateType = (type: string): type is CandidateType => TYPES.includes(type);

/** The grammar's number fields are `\d*`, and it turns digits into numbers: an empty field is the one left as text. */
const numberOf = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * Relay candidates carry the transport to the TURN server in their local type preference
 * (RFC 8445 §5.1.2.1 leaves it to the agent; libwebrtc and Firefox both rank UDP > TCP > TLS),
 * but the value differs per browser, so callers learn the relay protocol from the URL they
 * gathered with, not from here.
 */
export function parseCandidate(line: string): ParsedCandidate | null {
  const fields = parseAttribute('candidate', line.trim().replace(/^a=/, ''))?.candidates?.[0];
  if (!fields) return null;
  const protocol = fields.transport.toLowerCase();
  const [component, priority, port] = [fields.component, fields.priority, fields.port].map(numberOf);
  if ((protocol !== 'udp' && protocol !== 'tcp') || !isCandidateType(fields.type) || component == null || priority == null || port == null) return null;
  const address = String(fields.ip);
  const parsed: ParsedCandidate = {
    // The grammar turns a foundation of digits into a number; String() gives back the exact text (it converts only what round-trips).
    foundation: String(fields.foundation),
    component,
    protocol,
    priority,
    address,
    port,
    type: fields.type,
    mdns: address.toLowerCase().endsWith('.local'),
    ipVersion: ipVersionOf(address),
  };
  if (fields.raddr !== undefined) parsed.relatedAddress = String(fields.raddr);
  if (fields.rport !== undefined) parsed.relatedPort = Number(fields.rport);
  if (fields.tcptype !== undefined) parsed.tcpType = fields.tcptype;
  return parsed;
}

export function ipVersionOf(address: string): 4 | 6 | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return 4;
  if (address.includes(':')) return 6;
  return null;
}

export const isHost = (c: ParsedCandidate) => c.type === 'host';
export const isReflexive = (c: ParsedCandidate) => c.type === 'srflx' || c.type === 'prflx';
export const isRelay = (c: ParsedCandidate) => c.type === 'relay';
