import { describe, expect, it } from 'vitest';
import { renderCoturnConfig } from './coturnConfig.js';

const base = {
  listenIp: '127.0.0.1',
  port: 34780,
  relayPortRange: { min: 50000, max: 50099 },
  realm: 'webrtc-harness.test',
  pidFile: '/tmp/x/turnserver.pid',
};

describe('renderCoturnConfig', () => {
  it('long-term credentials on loopback: UDP+TCP listener, relay on the same address, no TLS', () => {
    const config = renderCoturnConfig({ ...base, auth: { kind: 'users', users: [{ username: 'u1', password: 'p1' }] } }).split('\n');
    expect(config).toEqual(expect.arrayContaining(['listening-ip=127.0.0.1', 'relay-ip=127.0.0.1', 'listening-port=34780', 'min-port=50000', 'max-port=50099', 'lt-cred-mech', 'user=u1:p1', 'no-tls', 'no-dtls', 'allow-loopback-peers']));
    expect(config).not.toContain('use-auth-secret');
  });

  it('a shared secret switches coturn to TURN REST API credentials', () => {
    const config = renderCoturnConfig({ ...base, auth: { kind: 'secret', secret: 'north-wind' } }).split('\n');
    expect(config).toEqual(expect.arrayContaining(['use-auth-secret', 'static-auth-secret=north-wind']));
    expect(config).not.toContain('lt-cred-mech');
  });

  it('TLS adds the turns: port with the certificate, and behind NAT the external address', () => {
    const config = renderCoturnConfig({ ...base, externalIp: '203.0.113.1', tlsPort: 34790, tls: { certFile: '/c.pem', keyFile: '/k.pem' }, auth: { kind: 'secret', secret: 's' } }).split('\n');
    expect(config).toEqual(expect.arrayContaining(['tls-listening-port=34790', 'cert=/c.pem', 'pkey=/k.pem', 'external-ip=203.0.113.1']));
    expect(config).not.toContain('no-tls');
  });
});
