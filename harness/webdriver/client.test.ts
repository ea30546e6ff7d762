// The WebDriver client's wire behaviour that the e2e tests cannot see from outside: where a URL's
// credentials go, how W3C error answers and a vanished endpoint come back. The server here only
// records requests and answers as a remote end would; real remote ends (WebKitWebDriver, a
// Selenium Grid) are driven in test/e2e/webkit.test.ts and grid.test.ts.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebDriverClient, WebDriverError, WebDriverUnreachable } from './client.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server | null = null;

async function remoteEnd(answer: (seen: Seen) => { status: number; body: unknown }): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      const { status, body: reply } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen };
}

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
});

describe('WebDriverClient', () => {
  it("sends a URL's credentials as a Basic Authorization header under the path prefix, with a UTF-8 JSON body", async () => {
    const { port, seen } = await remoteEnd(() => ({ status: 200, body: { value: { sessionId: 's1', capabilities: { browserName: 'safari' } } } }));
    const client = new WebDriverClient(new URL(`http://us%40er:k%3Ay@127.0.0.1:${port}/wd/hub`));
    const session = await client.newSession({ firstMatch: [{ browserName: 'safari' }] });
    expect(session).toEqual({ sessionId: 's1', capabilities: { browserName: 'safari' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/wd/hub/session');
    expect(seen[0]!.headers['authorization']).toBe(`Basic ${Buffer.from('us@er:k:y').toString('base64')}`);
    expect(seen[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(seen[0]!.body)).toEqual({ capabilities: { firstMatch: [{ browserName: 'safari' }] } });
  });

  it('turns a W3C error answer into a WebDriverError carrying its code', async () => {
    const { port } = await remoteEnd(() => ({
      status: 500,
      body: { value: { error: 'session not created', message: 'Maximum number of active sessions\nmore', stacktrace: '' } },
    }));
    const error = await new WebDriverClient(new URL(`http://127.0.0.1:${port}`)).newSession({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebDriverError);
    expect((error as WebDriverError).code).toBe('session not created');
    expect((error as Error).message).toBe('session not created: Maximum number of active sessions');
  });

  it('says an endpoint that stopped answering is gone, naming it without its credentials', async () => {
    const { port } = await remoteEnd(() => ({ status: 200, body: { value: null } }));
    await new Promise((resolve) => server!.close(resolve));
    server = null;
    const error = await new WebDriverClient(new URL(`http://user:s3cret@127.0.0.1:${port}/wd/hub`)).status().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebDriverUnreachable);
    expect((error as Error).message).toBe(`the WebDriver endpoint http://127.0.0.1:${port}/wd/hub stopped answering (ECONNREFUSED)`);
  });
});
