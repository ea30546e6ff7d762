import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../reports/paths.js';
import { bindingRequest, isBindingRequest, parseBindingAnswer, stunHeader } from './stunMessage.js';

interface Captured {
  transactionId: string;
  response: string;
}
const recorded = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'fixtures', 'nat', 'coturn-4.6.1-binding-responses.json'), 'utf8')) as Record<
  'ipv4' | 'ipv6',
  Captured
>;
const answerOf = (c: Captured) => parseBindingAnswer(Buffer.from(c.response, 'hex'), Buffer.from(c.transactionId, 'hex'));

describe('STUN binding messages (RFC 5389, RFC 5780)', () => {
  it('reads XOR-MAPPED-ADDRESS, RESPONSE-ORIGIN and OTHER-ADDRESS from a real coturn answer over IPv4', () => {
    expect(answerOf(recorded.ipv4)).toEqual({
      mapped: { address: '203.0.113.2', port: 37312 },
      responseOrigin: { address: '203.0.113.1', port: 3478 },
      otherAddress: { address: '203.0.113.3', port: 3479 },
    });
  });

  it('reads IPv6 addresses, XORed with the cookie and transaction id, in compressed form', () => {
    expect(answerOf(recorded.ipv6)).toEqual({
      mapped: { address: '2001:db8:1::2', port: 41738 },
      responseOrigin: { address: '2001:db8:2::1', port: 3478 },
      otherAddress: { address: '2001:db8:2::3', port: 3479 },
    });
  });

  it('is no answer: another transaction, a truncated or padded message, a request', () => {
    const bytes = Buffer.from(recorded.ipv4.response, 'hex');
    const id = Buffer.from(recorded.ipv4.transactionId, 'hex');
    expect(parseBindingAnswer(bytes, Buffer.alloc(12))).toBeNull();
    expect(parseBindingAnswer(bytes.subarray(0, bytes.length - 4), id)).toBeNull();
    expect(parseBindingAnswer(Buffer.concat([bytes, Buffer.alloc(4)]), id)).toBeNull();
    const request = bindingRequest('none');
    expect(parseBindingAnswer(request.bytes, request.transactionId)).toBeNull();
  });

  it('writes a binding request with CHANGE-REQUEST flags (0x04 change IP, 0x02 change port)', () => {
    const plain = bindingRequest('none');
    expect(stunHeader(plain.bytes)).toEqual({ type: 0x0001, transactionId: plain.transactionId });
    expect(plain.bytes.length).toBe(20);
    expect(isBindingRequest(plain.bytes)).toBe(true);
    expect(bindingRequest('ip-and-port').bytes.subarray(20).toString('hex')).toBe('0003000400000006');
    expect(bindingRequest('port').bytes.subarray(20).toString('hex')).toBe('0003000400000002');
  });
});
