import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { EnvironmentError, UsageError } from './errors.js';
import { exposePageServer, parsePageHost } from './pageHost.js';
import type { PageServer } from './server/server.js';

describe('parsePageHost', () => {
  it.each([
    ['10.0.0.5', { host: '10.0.0.5', port: 0 }],
    ['10.0.0.5:8080', { host: '10.0.0.5', port: 8080 }],
    ['runner.internal:8080', { host: 'runner.internal', port: 8080 }],
    ['[fd00::5]:8080', { host: 'fd00::5', port: 8080 }],
    ['[::1]', { host: '::1', port: 0 }],
    ['127.1:8080', { host: '127.0.0.1', port: 8080 }],
    ['0x0a000005', { host: '10.0.0.5', port: 0 }],
  ])('%s', (text, expected) => expect(parsePageHost(text)).toEqual(expected));

  it.each(['', 'http://10.0.0.5', '10.0.0.5:99999', 'fd00::5:8080', 'a b', '[10.0.0.5]'])('refuses %j', (text) => {
    expect(() => parsePageHost(text)).toThrow(UsageError);
  });

  // Every spelling listen() reads as every interface (it hands names to getaddrinfo, which reads IPv4 as inet_aton does).
  it.each(['0.0.0.0', '[::]:80', '0', '0:8080', '0x0', '0.0', '0.0.0', '00.0.0.0', '000.000.000.000', '[::0]', '[0:0::0]', '[::ffff:0.0.0.0]', '[::ffff:0:0]'])(
    'refuses the unspecified address spelled %j',
    (text) => expect(() => parsePageHost(text)).toThrow(/the unspecified address is no address a browser can load pages from/),
  );

  it.each([
    ['224.0.0.1', 'multicast'],
    ['[ff02::1]:8080', 'multicast'],
    ['255.255.255.255', 'broadcast'],
  ])('refuses %j, a %s address', (text, kind) => expect(() => parsePageHost(text)).toThrow(`the ${kind} address`));
});

const hasIPv6Loopback = Object.values(networkInterfaces()).some((addresses) => addresses?.some((a) => a.address === '::1'));

/** A stand-in for the page server: answers every request with its own path. */
async function fakePageServer(): Promise<PageServer & { port: number }> {
  const server = createServer((req, res) => res.end(`served ${req.url}`)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://localhost:${port}`;
  return {
    port,
    origin,
    probeUrl: (id, adapter) => `${origin}/probe/${id}?adapter=${adapter}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('exposePageServer', () => {
  it('serves the pages on HOST:PORT and hands out URLs with that origin', async () => {
    const pages = await fakePageServer();
    const exposed = await exposePageServer(pages, { host: '127.0.0.1', port: 0 });
    try {
      const url = exposed.probeUrl('api-surface', 'on');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/probe\/api-surface\?adapter=on$/);
      expect(new URL(url).port).not.toBe(String(pages.port));
      const response = await fetch(url);
      expect(await response.text()).toBe('served /probe/api-surface?adapter=on');
    } finally {
      await exposed.close();
      await pages.close();
    }
  });

  // Some containers have no IPv6 loopback: nothing to check there. Anywhere else, failing to listen is a failure.
  it.skipIf(!hasIPv6Loopback)('writes IPv6 hosts in brackets', async () => {
    const pages = await fakePageServer();
    try {
      const exposed = await exposePageServer(pages, { host: '::1', port: 0 });
      await exposed.close();
      expect(exposed.origin).toMatch(/^http:\/\/\[::1\]:\d+$/);
    } finally {
      await pages.close();
    }
  });

  it('refuses a host that resolves to the unspecified address, before listening on it', async () => {
    const pages = await fakePageServer();
    try {
      await expect(exposePageServer(pages, { host: '0.0.0.0', port: 0 })).rejects.toThrow(
        /resolves to 0\.0\.0\.0, which is no address a browser can load pages from/,
      );
    } finally {
      await pages.close();
    }
  });

  it('is an EnvironmentError when it cannot listen on the address', async () => {
    const pages = await fakePageServer();
    try {
      await expect(exposePageServer(pages, { host: '192.0.2.77', port: 0 })).rejects.toThrow(EnvironmentError);
      await expect(exposePageServer(pages, { host: '192.0.2.77', port: 0 })).rejects.toThrow(
        /--page-host 192\.0\.2\.77:0: cannot listen there \(EADDRNOTAVAIL\)/,
      );
    } finally {
      await pages.close();
    }
  });
});
