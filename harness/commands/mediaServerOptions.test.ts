import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { LOOPBACK_NETWORK } from '../network/placement.js';
import { parseJanusUrl, setUpMediaServer } from './mediaServerOptions.js';

function fileHolding(secret: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'wh-janus-opt-')), 'secret');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return file;
}

describe('--janus and its API secret', () => {
  it("takes the user's Janus with the secret from --janus-secret-file or WEBRTC_HARNESS_JANUS_SECRET, masks it, starts nothing", async () => {
    for (const [values, env] of [
      [{ janus: 'https://janus.example.org/janus/', 'janus-secret-file': fileHolding('janusrocks') }, {}],
      [{ janus: 'https://janus.example.org/janus' }, { WEBRTC_HARNESS_JANUS_SECRET: 'janusrocks' }],
    ] as const) {
      const environment: NodeJS.ProcessEnv = { ...env };
      const setup = await setUpMediaServer(values, LOOPBACK_NETWORK.mediaServer, 'loopback', environment);
      expect(setup.context).toEqual({ upstreamUrl: 'https://janus.example.org/janus', label: 'https://janus.example.org/janus', apiSecret: 'janusrocks' });
      expect(setup.secrets).toEqual(['janusrocks']);
      expect(setup.admin).toBeNull();
      // Read once and gone: the browsers and servers the run starts do not inherit it.
      expect(environment['WEBRTC_HARNESS_JANUS_SECRET']).toBeUndefined();
    }
  });

  it.each([
    ['a URL that is none', '/janus', /--janus expects the URL of a Janus HTTP API/],
    ['a WebSocket URL', 'wss://janus.example.org/ws', /http: or https: URL, not wss:/],
    ['credentials in the URL', 'https://user:pass@janus.example.org/janus', /not in the URL/],
  ])('refuses %s as a usage error', (_label, url, message) => {
    expect(() => parseJanusUrl(url)).toThrow(UsageError);
    expect(() => parseJanusUrl(url)).toThrow(message);
  });

  it('drops query and fragment, so nothing after them reaches a report', () => {
    expect(parseJanusUrl('http://10.0.0.5:8088/janus?token=abc#x').href).toBe('http://10.0.0.5:8088/janus');
  });

  it('a secret without --janus, and --janus inside a scenario, are usage errors before anything starts', async () => {
    await expect(setUpMediaServer({ 'janus-secret-file': fileHolding('s') }, LOOPBACK_NETWORK.mediaServer, 'loopback', {})).rejects.toThrow(
      '--janus-secret-file goes with --janus',
    );
    const inNamespace = { ...LOOPBACK_NETWORK.mediaServer, prefix: ['ip', 'netns', 'exec', 'wh-1-x-pub'] };
    await expect(setUpMediaServer({ janus: 'http://10.0.0.5:8088/janus' }, inNamespace, 'nat', {})).rejects.toThrow('cannot be combined with --janus');
  });
});
