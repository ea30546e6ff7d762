import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { describeEntry } from '../../probes/page-kit/iceServers.js';
import { parseIceUrl, quotableIceUrl, restApiCredentials } from './servers.js';

describe('parseIceUrl', () => {
  it.each([
    ['stun:stun.example.org', { scheme: 'stun', host: 'stun.example.org', port: 3478, transport: 'udp', secure: false }],
    ['turn:turn.example.org:3479?transport=tcp', { scheme: 'turn', port: 3479, transport: 'tcp', secure: false }],
    ['turn:198.51.100.7?transport=udp', { host: '198.51.100.7', port: 3478, transport: 'udp' }],
    ['turns:turn.example.org:443', { scheme: 'turns', port: 443, transport: 'tcp', secure: true }],
    ['turns:turn.example.org', { port: 5349 }],
    ['stun:[2001:db8::1]:3478', { host: '[2001:db8::1]', port: 3478 }],
  ])('%s', (url, expected) => expect(parseIceUrl(url)).toMatchObject(expected));

  it.each(['http://example.org', 'turn:', 'turn:host:99999', 'stun:host?transport=tcp', 'turn:host?transport=sctp', 'turn:user@host'])(
    'rejects %j as a usage error',
    (url) => {
      expect(() => parseIceUrl(url)).toThrow(UsageError);
    },
  );

  it.each(['turn:user:Pa55word@host', 'turns://user:Pa55word@host:443', 'turn:Pa55word@host?transport=tcp', 'turn:us@r:Pa55word@host'])(
    'does not echo the password of a malformed %j in its error',
    (url) => {
      expect(() => parseIceUrl(url)).toThrow(/\*\*\*@.*credentials go in --username\/--credential/);
      expect(() => parseIceUrl(url)).not.toThrow(/Pa55word/);
    },
  );
});

describe('quotableIceUrl', () => {
  it.each([
    ['turn:user:Pa55word@host', 'turn:***@host'],
    ['turns://user:Pa55word@host:443', 'turns://***@host:443'],
    ['alice:Pa55word@host', '***@host'],
    ['turn:host:3478', 'turn:host:3478'],
  ])('%s -> %s', (url, quoted) => expect(quotableIceUrl(url)).toBe(quoted));
});

describe('TURN REST API credentials', () => {
  it('are <expiry>:<user> and base64 HMAC-SHA1 of it under the shared secret, as coturn checks them', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    const { username, credential } = restApiCredentials('north-wind', 'alice', 600, now);
    expect(username).toBe(`${now / 1000 + 600}:alice`);
    expect(credential).toBe(createHmac('sha1', 'north-wind').update(username).digest('base64'));
  });
});

describe('describeEntry', () => {
  it('says that credentials exist without showing them', () => {
    const text = describeEntry({ ...parseIceUrl('turn:h:1'), username: 'alice', credential: 's3cret' });
    expect(text).toBe('turn:h:1 (with credentials)');
  });
});
