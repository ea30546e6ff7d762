import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseIceUrl } from '../ice/servers.js';
import { mintIceServers } from './turnRest.js';

/** coturn's check, computed by another implementation: openssl's HMAC-SHA1 of the username, base64. */
const opensslCredential = (secret: string, username: string) =>
  execFileSync('sh', ['-c', 'printf %s "$USERNAME" | openssl dgst -sha1 -hmac "$SECRET" -binary | base64'], {
    env: { ...process.env, USERNAME: username, SECRET: secret },
    encoding: 'utf8',
  }).trim();

const offer = {
  urls: ['stun:192.0.2.2:3478', 'turn:192.0.2.2:3478?transport=udp', 'turns:turn.example.org:5349?transport=tcp'].map(parseIceUrl),
  secret: 'a-secret-made-for-one-serve-process',
  lifetimeSeconds: 600,
};
const NOW = Date.parse('2026-12-02T01:00:00.000Z');

describe('mintIceServers', () => {
  it('makes the username <expiry unix seconds>:<random> and the password base64(HMAC-SHA1(secret, username)), as coturn use-auth-secret checks', () => {
    const { iceServers } = mintIceServers(offer, NOW);
    const turn = iceServers.filter((s) => s.scheme !== 'stun');
    expect(turn).toHaveLength(2);
    const { username, credential } = turn[0]!;
    expect(username).toMatch(/^\d+:[A-Za-z0-9_-]{12}$/);
    expect(Number(username!.split(':')[0])).toBe(NOW / 1000 + 600);
    expect(credential).toBe(opensslCredential(offer.secret, username!));
    expect(turn[1]).toMatchObject({ username, credential });
  });

  it('says when the credentials stop working: the expiry inside the username', () => {
    expect(mintIceServers(offer, NOW).expiresAt).toBe('2026-12-02T01:10:00.000Z');
  });

  it('gives STUN URLs without credentials and never hands out the secret', () => {
    const answer = mintIceServers(offer, NOW);
    expect(answer.iceServers[0]).not.toHaveProperty('username');
    expect(JSON.stringify(answer)).not.toContain(offer.secret);
  });

  it('mints other credentials for every visit', () => {
    expect(mintIceServers(offer, NOW).iceServers[1]!.username).not.toBe(mintIceServers(offer, NOW).iceServers[1]!.username);
  });
});
