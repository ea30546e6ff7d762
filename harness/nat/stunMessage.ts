// The few STUN messages RFC 5780 behaviour discovery needs: a Binding request (optionally with
// CHANGE-REQUEST) and the addresses of its success response (RFC 5389 §15, RFC 5780 §7).
// Answers come from the network: every length and family is checked, anything malformed is
// no answer at all.
import { randomBytes } from 'node:crypto';
import type { BindingAnswer, Endpoint } from '../../core/natBehaviour.js';

const MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;

const ATTRIBUTE = {
  mappedAddress: 0x0001,
  changeRequest: 0x0003,
  xorMappedAddress: 0x0020,
  responseOrigin: 0x802b,
  otherAddress: 0x802c,
} as const;

/** CHANGE-REQUEST flags (RFC 5780 §7.2). */
export type ChangeRequest = 'none' | 'port' | 'ip-and-port';
const CHANGE_FLAGS: Record<ChangeRequest, number> = { none: 0, port: 0x02, 'ip-and-port': 0x06 };

export interface BindingRequest {
  transactionId: Buffer;
  bytes: Buffer;
}

export function bindingRequest(change: ChangeRequest): BindingRequest {
  const transactionId = randomBytes(12);
  const attributes = change === 'none' ? Buffer.alloc(0) : Buffer.alloc(8);
  if (change !== 'none') {
    attributes.writeUInt16BE(ATTRIBUTE.changeRequest, 0);
    attributes.writeUInt16BE(4, 2);
    attributes.writeUInt32BE(CHANGE_FLAGS[change], 4);
  }
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(BINDING_REQUEST, 0);
  header.writeUInt16BE(attributes.length, 2);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  return { transactionId, bytes: Buffer.concat([header, attributes]) };
}

/** The message type and transaction id of a well-formed STUN message; null for anything else. */
export function stunHeader(message: Buffer): { type: number; transactionId: Buffer } | null {
  if (message.length < HEADER_BYTES || (message[0]! & 0xc0) !== 0) return null;
  if (message.readUInt32BE(4) !== MAGIC_COOKIE) return null;
  const length = message.readUInt16BE(2);
  if (length % 4 !== 0 || HEADER_BYTES + length !== message.length) return null;
  return { type: message.readUInt16BE(0), transactionId: message.subarray(8, 20) };
}

export function isBindingRequest(message: Buffer): boolean {
  return stunHeader(message)?.type === BINDING_REQUEST;
}

/** An address attribute's value (RFC 5389 §15.1/15.2); `xorKey` undoes XOR-MAPPED-ADDRESS. */
function readAddress(value: Buffer, xorKey: Buffer | null): Endpoint | null {
  if (value.length < 4) return null;
  const family = value[1];
  const size = family === 0x01 ? 4 : family === 0x02 ? 16 : 0;
  if (size === 0 || value.length !== 4 + size) return null;
  const port = value.readUInt16BE(2) ^ (xorKey ? xorKey.readUInt16BE(0) : 0);
  const bytes = Buffer.from(value.subarray(4));
  if (xorKey) for (let i = 0; i < size; i++) bytes[i]! ^= xorKey[i]!;
  const address =
    size === 4
      ? [...bytes].join('.')
      : // The WHATWG URL parser writes IPv6 in its canonical compressed form (RFC 5952), as browsers' candidates do.
        new URL(`http://[${Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16)).join(':')}]`).hostname.slice(1, -1);
  return { address, port };
}

/**
 * The addresses of a Binding success response to `transactionId`, or null when the message is
 * not one (another message, an error response, a malformed one).
 */
export function parseBindingAnswer(message: Buffer, transactionId: Buffer): BindingAnswer | null {
  const header = stunHeader(message);
  if (!header || header.type !== BINDING_SUCCESS || !header.transactionId.equals(transactionId)) return null;
  const xorKey = Buffer.concat([message.subarray(4, 8), transactionId]);
  const found: { mapped?: Endpoint; xorMapped?: Endpoint; responseOrigin?: Endpoint; otherAddress?: Endpoint } = {};
  for (let offset = HEADER_BYTES; offset + 4 <= message.length; ) {
    const type = message.readUInt16BE(offset);
    const length = message.readUInt16BE(offset + 2);
    const value = message.subarray(offset + 4, offset + 4 + length);
    if (value.length !== length) return null;
    const read = (xor: boolean) => readAddress(value, xor ? xorKey : null) ?? undefined;
    if (type === ATTRIBUTE.xorMappedAddress) found.xorMapped = read(true);
    else if (type === ATTRIBUTE.mappedAddress) found.mapped = read(false);
    else if (type === ATTRIBUTE.responseOrigin) found.responseOrigin = read(false);
    else if (type === ATTRIBUTE.otherAddress) found.otherAddress = read(false);
    offset += 4 + Math.ceil(length / 4) * 4;
  }
  // RFC 3489 servers answer with MAPPED-ADDRESS only.
  const mapped = found.xorMapped ?? found.mapped;
  if (!mapped) return null;
  return {
    mapped,
    ...(found.responseOrigin ? { responseOrigin: found.responseOrigin } : {}),
    ...(found.otherAddress ? { otherAddress: found.otherAddress } : {}),
  };
}
