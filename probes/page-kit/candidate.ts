// ICE candidate lines (RFC 8445 / RFC 8839 `candidate:` attribute) parsed into the fields
// the probes judge on. Pure and browser-safe: page code and Node-side evaluate share it.

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

/**
 * Relay candidates carry the transport to the TURN server in their local type preference
 * (RFC 8445 §5.1.2.1 leaves it to the agent; libwebrtc and Firefox both rank UDP > TCP > TLS),
 * but the value differs per browser, so callers learn the relay protocol from the URL they
 * gathered with, not from here.
 */
export function parseCandidate(line: string): ParsedCandidate | null {
  const fields = line.trim().replace(/^a=/, '').replace(/^candidate:/, '').split(/\s+/);
  if (fields.length < 8 || fields[6] !== 'typ') return null;
  const [foundation = '', component, protocol = '', priority, address = '', port, , type = ''] = fields;
  const proto = protocol.toLowerCase();
  if ((proto !== 'udp' && proto !== 'tcp') || !TYPES.includes(type)) return null;
  const parsed: ParsedCandidate = {
    foundation,
    component: Number(component),
    protocol: proto,
    priority: Number(priority),
    address,
    port: Number(port),
    type: type as CandidateType,
    mdns: address.toLowerCase().endsWith('.local'),
    ipVersion: ipVersionOf(address),
  };
  for (let i = 8; i + 1 < fields.length; i += 2) {
    const value = fields[i + 1]!;
    if (fields[i] === 'raddr') parsed.relatedAddress = value;
    else if (fields[i] === 'rport') parsed.relatedPort = Number(value);
    else if (fields[i] === 'tcptype') parsed.tcpType = value;
  }
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
