import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../errors.js';
import { RemoteLauncher, connectUrl, describeEndpoint, endpointSecrets, inferProtocol } from './remote.js';

describe('inferProtocol', () => {
  it.each([
    ['ws://127.0.0.1:9222/devtools/browser/3f1c-41d2', 'cdp'],
    ['ws://grid:4444/session/8d2e/se/cdp', 'cdp'],
    ['ws://grid:4444/session/8d2e/se/bidi', 'bidi'],
    ['ws://127.0.0.1:9222/session', 'bidi'],
    ['ws://127.0.0.1:9222/session/5a1b', 'bidi'],
    ['wss://browserless.example.org/chromium?token=abc', 'cdp'],
    ['ws://127.0.0.1:9222', 'cdp'],
    ['ws://host/sessions', 'cdp'],
    ['http://127.0.0.1:4444', 'webdriver'],
    ['https://user:key@hub.example.test/wd/hub', 'webdriver'],
  ])('%s speaks %s', (url, protocol) => expect(inferProtocol(new URL(url))).toBe(protocol));
});

describe('connectUrl', () => {
  it("adds /session to Firefox's bare BiDi endpoint and leaves every other endpoint as given", () => {
    expect(connectUrl({ name: 'ff', url: new URL('ws://127.0.0.1:40513'), protocol: 'bidi' })).toBe('ws://127.0.0.1:40513/session');
    expect(connectUrl({ name: 'ff', url: new URL('ws://127.0.0.1:40513/session'), protocol: 'bidi' })).toBe('ws://127.0.0.1:40513/session');
    expect(connectUrl({ name: 'c', url: new URL('ws://h:3000/?token=t0k3n'), protocol: 'cdp' })).toBe('ws://h:3000/?token=t0k3n');
  });
});

describe('endpoint secrets', () => {
  it('are the password and query values, and the shown endpoint has neither', () => {
    const url = new URL('wss://user:p%40ss@browserless.example.org/chromium?token=s3cr3t-token&stealth=true');
    expect(endpointSecrets(url)).toEqual(['p@ss', 's3cr3t-token', 'true']);
    expect(describeEndpoint(url)).toBe('wss://browserless.example.org/chromium');
  });
});

describe('RemoteLauncher.assertAvailable', () => {
  it('passes when something listens at the endpoint', async () => {
    const server = createServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    try {
      await new RemoteLauncher({ name: 'r', url: new URL(`ws://127.0.0.1:${port}/devtools/browser/x`), protocol: 'cdp' }).assertAvailable();
    } finally {
      server.close();
    }
  });

  it('is an EnvironmentError naming the remote when nothing listens there', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const launcher = new RemoteLauncher({ name: 'chromium-grid', url: new URL(`ws://127.0.0.1:${port}/devtools/browser/x?token=abc`), protocol: 'cdp' });
    const error = await launcher.assertAvailable().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(
      new RegExp(`^remote browser chromium-grid \\(remote, CDP at ws://127\\.0\\.0\\.1:${port}/devtools/browser/x\\) is not reachable: .*ECONNREFUSED`),
    );
    expect((error as Error).message).not.toContain('abc');
  });
});
