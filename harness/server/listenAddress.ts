// What a host a server is told to listen on really means. listen() hands names to getaddrinfo,
// which reads IPv4 the way inet_aton does: `0`, `0x0`, `0.0` and `00.0.0.0` are all 0.0.0.0,
// every interface. So a guard against listening everywhere must read those spellings the
// same way, and IPv6 ones (`::0`, `0:0::0`, `::ffff:0.0.0.0`) as addresses, not as text.
import { isIPv4, isIPv6 } from 'node:net';

export type AddressKind = 'unspecified' | 'multicast' | 'broadcast' | 'unicast';

export interface NumericAddress {
  family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: number[];
}

/** One inet_aton part: decimal, 0-prefixed octal or 0x-prefixed hex. */
function inetAtonPart(text: string): number | null {
  if (/^0x[0-9a-f]*$/i.test(text)) return text.length === 2 ? 0 : parseInt(text.slice(2), 16);
  if (/^0[0-7]*$/.test(text)) return parseInt(text, 8);
  if (/^[1-9]\d*$/.test(text)) return Number(text);
  return null;
}

/** IPv4 as inet_aton reads it: a, a.b (8.24 bits), a.b.c (8.8.16) or a.b.c.d; null if it is no such number. */
function parseInetAton(text: string): number[] | null {
  const parts = text.split('.').map(inetAtonPart);
  if (parts.length > 4 || parts.some((p) => p === null)) return null;
  const numbers = parts as number[];
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 0xff) || last >= 2 ** (8 * (4 - numbers.length))) return null;
  const lastBytes = [24, 16, 8, 0].slice(numbers.length).map((shift) => Math.floor(last / 2 ** shift) % 256);
  return [...numbers, ...lastBytes];
}

/** One IPv6 group as two bytes; an embedded IPv4 tail (`::ffff:1.2.3.4`) is four. */
const groupBytes = (group: string) => (group.includes('.') ? group.split('.').map(Number) : [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]);

/** 16 bytes of a text node:net's isIPv6 accepted. */
function parseIPv6(text: string): number[] {
  const [head = '', tail] = text.split('::');
  const bytesOf = (side: string | undefined) => (side ? side.split(':').flatMap(groupBytes) : []);
  const left = bytesOf(head);
  const right = bytesOf(tail);
  const elided = tail === undefined ? [] : new Array<number>(16 - left.length - right.length).fill(0);
  return [...left, ...elided, ...right];
}

/** The address a numeric host stands for, as listen() would read it; null for a name. */
export function numericAddress(host: string): NumericAddress | null {
  if (isIPv6(host)) return { family: 6, bytes: parseIPv6(host) };
  if (isIPv4(host)) return { family: 4, bytes: host.split('.').map(Number) };
  const bytes = parseInetAton(host);
  return bytes ? { family: 4, bytes } : null;
}

function ipv4Kind(bytes: readonly number[]): AddressKind {
  if (bytes.every((b) => b === 0)) return 'unspecified';
  if (bytes.every((b) => b === 0xff)) return 'broadcast';
  if (bytes[0]! >= 224 && bytes[0]! < 240) return 'multicast';
  return 'unicast';
}

export function addressKind(address: NumericAddress): AddressKind {
  if (address.family === 4) return ipv4Kind(address.bytes);
  const { bytes } = address;
  // ::ffff:a.b.c.d and ::a.b.c.d are IPv4 addresses in IPv6 clothing.
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && ((bytes[10] === 0xff && bytes[11] === 0xff) || (bytes[10] === 0 && bytes[11] === 0));
  if (mapped) return ipv4Kind(bytes.slice(12));
  if (bytes[0] === 0xff) return 'multicast';
  return 'unicast';
}
