import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { LOOPBACK_NETWORK } from '../network/placement.js';
import { ICE_HELP, type IceOptionValues, setUpIceServers } from './iceOptions.js';

const TURN = ['turn:turn.example.org:3478'];

function fileHolding(secret: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'wh-ice-')), 'secret');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return file;
}

const userServers = (values: IceOptionValues, env: NodeJS.ProcessEnv = {}) => setUpIceServers({ turn: TURN, ...values }, LOOPBACK_NETWORK, env);

describe('TURN secrets for --turn servers, kept off the command line', () => {
  it('takes the password from --credential-file or WEBRTC_HARNESS_TURN_CREDENTIAL, and masks it', async () => {
    for (const ice of [
      await userServers({ username: 'alice', 'credential-file': fileHolding('Pa55word') }),
      await userServers({ username: 'alice' }, { WEBRTC_HARNESS_TURN_CREDENTIAL: 'Pa55word' }),
    ]) {
      expect(ice.servers[0]).toMatchObject({ username: 'alice', credential: 'Pa55word' });
      expect(ice.secrets).toContain('Pa55word');
    }
  });

  it('makes REST API credentials from --turn-secret-file or WEBRTC_HARNESS_TURN_SECRET, and masks the secret', async () => {
    for (const ice of [
      await userServers({ 'turn-secret-file': fileHolding('north-wind') }),
      await userServers({}, { WEBRTC_HARNESS_TURN_SECRET: 'north-wind' }),
    ]) {
      expect(ice.servers[0]?.username).toMatch(/^\d+:webrtc-harness$/);
      expect(ice.secrets).toContain('north-wind');
    }
  });

  it('consumes the variables, so that coturn and the browsers started after do not inherit them', async () => {
    const env: NodeJS.ProcessEnv = { WEBRTC_HARNESS_TURN_SECRET: 'north-wind', PATH: '/usr/bin' };
    await userServers({}, env);
    expect(env).toEqual({ PATH: '/usr/bin' });
  });

  it('refuses a secret given both as a flag and in its file or variable form', async () => {
    await expect(userServers({ username: 'alice', credential: 'Pa55word' }, { WEBRTC_HARNESS_TURN_CREDENTIAL: 'Pa55word' })).rejects.toThrow(UsageError);
    await expect(userServers({ 'turn-secret': 'north-wind', 'turn-secret-file': fileHolding('north-wind') })).rejects.toThrow(
      /not with --turn-secret and --turn-secret-file/,
    );
  });

  it('still refuses a shared secret together with a password, whichever spelling each came in', async () => {
    await expect(userServers({ username: 'alice', 'credential-file': fileHolding('Pa55word') }, { WEBRTC_HARNESS_TURN_SECRET: 'north-wind' })).rejects.toThrow(
      /either --turn-secret or --username\/--credential/,
    );
  });

  it('documents the file options and the variables in --help', () => {
    for (const name of ['--credential-file', '--turn-secret-file', 'WEBRTC_HARNESS_TURN_CREDENTIAL', 'WEBRTC_HARNESS_TURN_SECRET'])
      expect(ICE_HELP).toContain(name);
  });
});

describe('TLS options', () => {
  it('--tls-cert and --tls-key go together, and only with --tls (before anything starts)', async () => {
    await expect(setUpIceServers({ tls: true, 'tls-cert': '/c.pem' }, LOOPBACK_NETWORK, {})).rejects.toThrow(/--tls-cert and --tls-key go together/);
    await expect(setUpIceServers({ 'tls-cert': '/c.pem', 'tls-key': '/k.pem' }, LOOPBACK_NETWORK, {})).rejects.toThrow(/add --tls/);
  });

  it('--tls-ca with your own servers: the authorities the launched browsers and the TLS check trust', async () => {
    const setup = await userServers({ username: 'alice', 'credential-file': fileHolding('Pa55word'), 'tls-ca': ['/etc/corp-ca.pem'] });
    expect(setup.trustedAuthorityFiles).toEqual(['/etc/corp-ca.pem']);
  });
});
