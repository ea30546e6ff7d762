import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { givenServers, startServeTurn } from './serveTurn.js';

describe('givenServers (--stun/--turn)', () => {
  it('takes STUN alone, and TURN with its shared secret', () => {
    expect(givenServers(['stun:stun.example.org:3478'], [], undefined).map((u) => u.url)).toEqual(['stun:stun.example.org:3478']);
    expect(givenServers([], ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443'], 'secret')).toHaveLength(2);
  });

  it('refuses TURN without the secret its credentials are minted from', () => {
    expect(() => givenServers([], ['turn:turn.example.org:3478'], undefined)).toThrow(/--turn-secret-file/);
  });

  it.each([
    [['turn:turn.example.org'], [], /--stun expects a stun: URL/],
    [[], ['stun:stun.example.org'], /--turn expects a turn: or turns: URL/],
  ])('refuses a URL under the wrong flag', (stun, turn, message) => {
    expect(() => givenServers(stun, turn, 'secret')).toThrow(UsageError);
    expect(() => givenServers(stun, turn, 'secret')).toThrow(message);
  });
});

describe('startServeTurn with given servers', () => {
  it('starts nothing and offers the given URLs with the given secret', async () => {
    const given = givenServers([], ['turn:turn.example.org:3478?transport=tcp'], 'operator-secret');
    const turn = await startServeTurn({
      given,
      secret: 'operator-secret',
      turnIp: '192.0.2.2',
      advertisedHost: '192.0.2.2',
      port: undefined,
      tlsPort: undefined,
      relayPorts: { min: 49_152, max: 49_251 },
      tlsFiles: undefined,
    });
    expect(turn.offer).toMatchObject({ urls: given, secret: 'operator-secret', lifetimeSeconds: 600 });
    expect(turn.description).not.toContain('operator-secret');
    await turn.stop();
  });
});
