import type { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { isLoopback, parsePublicUrl, serveAddress } from './serveAddress.js';

type Interfaces = ReturnType<typeof networkInterfaces>;
const iface = (address: string, internal: boolean) => ({
  address,
  internal,
  family: 'IPv4' as const,
  netmask: '255.255.255.0',
  mac: '00:00:00:00:00:00',
  cidr: null,
});
const machine: Interfaces = { lo: [iface('127.0.0.1', true)], eth0: [iface('192.0.2.2', false)] };
const isolated: Interfaces = { lo: [iface('127.0.0.1', true)] };

describe('serveAddress', () => {
  it("listens on this machine's own network address by default, and coturn with it", () => {
    expect(serveAddress(undefined, undefined, machine)).toEqual({ listenHost: '192.0.2.2', urlHost: '192.0.2.2', turnIp: '192.0.2.2' });
  });

  it('falls back to loopback on a machine without a network', () => {
    expect(serveAddress(undefined, undefined, isolated)).toEqual({ listenHost: '127.0.0.1', urlHost: '127.0.0.1', turnIp: '127.0.0.1' });
  });

  it('listens on every interface when told, with coturn on the concrete address', () => {
    expect(serveAddress('0.0.0.0', undefined, machine)).toEqual({ listenHost: '0.0.0.0', urlHost: '192.0.2.2', turnIp: '192.0.2.2' });
    expect(serveAddress('0', undefined, machine).turnIp).toBe('192.0.2.2');
  });

  it('takes a given address in canonical form', () => {
    expect(serveAddress('127.1', undefined, machine)).toEqual({ listenHost: '127.0.0.1', urlHost: '127.0.0.1', turnIp: '127.0.0.1' });
  });

  it('puts coturn where --turn-ip says, e.g. on the public address while the server sits behind a proxy on loopback', () => {
    expect(serveAddress('127.0.0.1', '203.0.113.10', machine)).toEqual({ listenHost: '127.0.0.1', urlHost: '127.0.0.1', turnIp: '203.0.113.10' });
    expect(() => serveAddress('127.0.0.1', '0.0.0.0', machine)).toThrow(/one address/);
  });

  it.each(['example.org', '224.0.0.1', '255.255.255.255'])('refuses %s', (host) => expect(() => serveAddress(host, undefined, machine)).toThrow(UsageError));
});

describe('parsePublicUrl', () => {
  it('takes an origin', () => expect(parsePublicUrl('https://checks.example.org/').origin).toBe('https://checks.example.org'));
  it.each(['checks.example.org', 'ftp://checks.example.org', 'https://checks.example.org/serve', 'https://u:p@checks.example.org'])('refuses %s', (url) =>
    expect(() => parsePublicUrl(url)).toThrow(UsageError),
  );
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.0.0.2', true],
    ['::1', true],
    ['192.0.2.2', false],
    ['::', false],
  ])('%s: %s', (ip, loopback) => expect(isLoopback(ip)).toBe(loopback));
});
