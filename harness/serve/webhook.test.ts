import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { type RunSummaryMessage, checkWebhookUrl, startWebhook } from './webhook.js';

const SECRET_PATH = '/hooks/T000/B000/s3cr3t-in-the-path';
const message: RunSummaryMessage = {
  id: 'RFucP7_3R0GHvQPOyXJxt0nb',
  verdict: 'degraded',
  label: 'office',
  browsers: ['firefox'],
  reportUrl: 'https://checks.example.org/r/RFucP7_3R0GHvQPOyXJxt0nb',
};
const quick = { attemptTimeoutMs: 300, retryDelaysMs: [20, 40, 80] };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A receiver that answers each attempt with the next status (null: never answers). */
async function receiver(statuses: (number | null)[]): Promise<{ url: URL; bodies: string[] }> {
  const bodies: string[] = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      const status = statuses[bodies.length - 1];
      if (status !== null) res.writeHead(status ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}${SECRET_PATH}`), bodies };
}

/** Notifies once and waits (bounded) until `attempts` arrived and, if `givesUp`, the give-up line was said. */
async function deliver(statuses: (number | null)[], attempts: number, givesUp: boolean) {
  const { url, bodies } = await receiver(statuses);
  const said: string[] = [];
  const webhook = startWebhook(url, (line) => said.push(line), quick);
  webhook.notify(message);
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if (bodies.length >= attempts && (!givesUp || said.length > 0)) break;
  }
  // A little longer: an attempt beyond the bound would arrive now.
  await new Promise((r) => setTimeout(r, 200));
  await webhook.close();
  return { bodies, said };
}

describe('webhook', () => {
  it('POSTs the run summary as JSON', async () => {
    const { bodies, said } = await deliver([200], 1, false);
    expect(bodies.map((b) => JSON.parse(b) as unknown)).toEqual([message]);
    expect(said).toEqual([]);
  });

  it('retries after a failed attempt and stops once one succeeds', async () => {
    const { bodies, said } = await deliver([500, 503, 200], 3, false);
    expect(bodies).toHaveLength(3);
    expect(said).toEqual([]);
  });

  it('gives up after the bounded attempts and says so without quoting the URL', async () => {
    const { bodies, said } = await deliver([500, 500, 500, 500, 500, 500], 4, true);
    expect(bodies).toHaveLength(4);
    expect(said.join('')).toContain(`webhook for run ${message.id} not delivered (HTTP 500`);
    expect(said.join('')).not.toContain('s3cr3t');
    expect(said.join('')).not.toContain('127.0.0.1');
  });

  it('counts a receiver that never answers as a failed attempt', async () => {
    const { bodies, said } = await deliver([null, null, null, null], 4, true);
    expect(bodies).toHaveLength(4);
    expect(said.join('')).toContain('no answer in time');
  });
});

describe('checkWebhookUrl', () => {
  it.each(['hooks.example.org/x', 'ftp://hooks.example.org/x', 'file:///etc/passwd'])('refuses %s', (url) =>
    expect(() => checkWebhookUrl(url)).toThrow(UsageError),
  );
  it('does not quote a refused URL', () => expect(() => checkWebhookUrl('ftp://hooks.example.org/s3cr3t')).toThrow(/^(?!.*s3cr3t)/));
});
