import { describe, expect, it } from 'vitest';
import { type CoturnOptions, renderCoturnConfig } from './coturnConfig.js';

const base = {
  listenIp: '127.0.0.1',
  relayIp: '127.0.0.2',
  port: 34780,
  relayPortRange: { min: 50000, max: 50099 },
  realm: 'webrtc-harness.test',
  pidFile: '/tmp/x/turnserver.pid',
};
const users = (username: string, password: string): CoturnOptions['auth'] => ({ kind: 'users', users: [{ username, password }] });

describe('renderCoturnConfig', () => {
  it('long-term credentials on loopback: UDP+TCP listener, relay from the dedicated loopback address, no TLS', () => {
    const config = renderCoturnConfig({ ...base, auth: users('u1', 'p1') }).split('\n');
    expect(config).toEqual(
      expect.arrayContaining([
        'listening-ip=127.0.0.1',
        'relay-ip=127.0.0.2',
        'listening-port=34780',
        'min-port=50000',
        'max-port=50099',
        'lt-cred-mech',
        'user=u1:p1',
        'no-tls',
        'no-dtls',
      ]),
    );
    expect(config).not.toContain('use-auth-secret');
  });

  it('a shared secret switches coturn to TURN REST API credentials', () => {
    const config = renderCoturnConfig({ ...base, auth: { kind: 'secret', secret: 'north-wind' } }).split('\n');
    expect(config).toEqual(expect.arrayContaining(['use-auth-secret', 'static-auth-secret=north-wind']));
    expect(config).not.toContain('lt-cred-mech');
  });

  it('TLS adds the turns: port with the certificate, and behind NAT the external address', () => {
    const config = renderCoturnConfig({
      ...base,
      externalIp: '203.0.113.1',
      tlsPort: 34790,
      tls: { certFile: '/c.pem', keyFile: '/k.pem' },
      auth: { kind: 'secret', secret: 's' },
    }).split('\n');
    expect(config).toEqual(expect.arrayContaining(['tls-listening-port=34790', 'cert=/c.pem', 'pkey=/k.pem', 'external-ip=203.0.113.1']));
    expect(config).not.toContain('no-tls');
    // No version refused unless told (coturn 4.6.1 stops relaying between TLS clients with no-tlsv1 set).
    expect(config.filter((line) => line.startsWith('no-tlsv'))).toEqual([]);
  });

  it("refuses the TLS versions it is told to, with coturn's own option names", () => {
    const config = renderCoturnConfig({
      ...base,
      tlsPort: 34790,
      tls: { certFile: '/c.pem', keyFile: '/k.pem' },
      refusedTlsVersions: ['TLSv1.2'],
      auth: { kind: 'secret', secret: 's' },
    }).split('\n');
    expect(config).toContain('no-tlsv1_2');
    expect(config).not.toContain('no-tlsv1');
  });
});

describe('the relay reaches only its own relay address', () => {
  it('on loopback: every IPv4 and IPv6 peer denied, the relay address allowed (and allowed as a loopback peer), no TCP relay', () => {
    const config = renderCoturnConfig({ ...base, auth: users('u', 'p') }).split('\n');
    expect(config).toEqual(
      expect.arrayContaining([
        'denied-peer-ip=0.0.0.0-255.255.255.255',
        'denied-peer-ip=::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
        'allowed-peer-ip=127.0.0.2',
        'allow-loopback-peers',
        'no-tcp-relay',
        'no-multicast-peers',
      ]),
    );
    expect(config.filter((line) => line.startsWith('allowed-peer-ip='))).toEqual(['allowed-peer-ip=127.0.0.2']);
  });

  it('in a scenario: only the public relay address, and no loopback peer at all', () => {
    const config = renderCoturnConfig({ ...base, listenIp: '203.0.113.1', relayIp: '203.0.113.1', alternateIp: '203.0.113.3', auth: users('u', 'p') }).split(
      '\n',
    );
    expect(config.filter((line) => line.startsWith('allowed-peer-ip='))).toEqual(['allowed-peer-ip=203.0.113.1']);
    expect(config).toContain('denied-peer-ip=0.0.0.0-255.255.255.255');
    expect(config).not.toContain('allow-loopback-peers');
  });
});

describe('values that would break coturn config are refused, without echoing them', () => {
  const secret = (value: string) => () => renderCoturnConfig({ ...base, auth: { kind: 'secret', secret: value } });
  const thrownBy = (render: () => unknown): string => {
    try {
      render();
    } catch (error) {
      return String(error);
    }
    return 'nothing thrown';
  };

  it.each([
    ['a newline that would inject a listener', 'north-wind\nlistening-ip=0.0.0.0'],
    ['a carriage return', 'north\rwind'],
    ['a NUL byte', 'north\0wind'],
    ['a tab', 'north\twind'],
    ['DEL', 'north\x7fwind'],
  ])('a shared secret with %s', (_label, value) => {
    const message = thrownBy(secret(value));
    expect(message).toMatch(/static-auth-secret: the value contains a control character/);
    expect(message).not.toContain('north');
  });

  it('a secret with blanks at either end (coturn would strip them) or longer than coturn reads in one line', () => {
    expect(secret(' north-wind')).toThrow(/blank/);
    expect(secret('north-wind ')).toThrow(/blank/);
    expect(secret('x'.repeat(2000))).toThrow(/line limit/);
    expect(secret('')).toThrow(/empty/);
  });

  it('user names and passwords: no control characters, no colon in the name', () => {
    expect(() => renderCoturnConfig({ ...base, auth: users('u', 'p\nno-auth') })).toThrow(/^coturn setting user: the value contains a control character/);
    expect(() => renderCoturnConfig({ ...base, auth: users('a:b', 'p') })).toThrow(/colon/);
  });

  it('addresses must be IP addresses, ports port numbers, file names single lines', () => {
    expect(() => renderCoturnConfig({ ...base, listenIp: '127.0.0.1\nrelay-ip=0.0.0.0', auth: users('u', 'p') })).toThrow(
      /listening-ip: .* is not an IP address/,
    );
    expect(() => renderCoturnConfig({ ...base, relayIp: 'localhost', auth: users('u', 'p') })).toThrow(/relay-ip/);
    expect(() => renderCoturnConfig({ ...base, port: 70_000, auth: users('u', 'p') })).toThrow(/listening-port: the value is not a port number/);
    expect(() => renderCoturnConfig({ ...base, pidFile: '/tmp/x\nno-auth', auth: users('u', 'p') })).toThrow(/pidfile/);
  });
});
