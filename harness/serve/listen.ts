// The HTTP(S) listener of `serve`. With --tls-cert/--tls-key it speaks HTTPS itself (the page is
// then a secure context, as getUserMedia requires, without a reverse proxy); the files are read
// once at start. Closing stops new connections, lets requests under way finish for a moment, then
// ends the rest, so a shutdown is never held up by an idle keep-alive connection.
import { readFile } from 'node:fs/promises';
import { type Server, createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import { EnvironmentError, UsageError } from '../errors.js';
import { hostInUrl } from './serveAddress.js';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface Listening {
  /** `https://192.0.2.2:8443`: the address it listens on, as a URL (the unspecified address stays as it is). */
  origin: string;
  port: number;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 2_000;

async function readTls({ certFile, keyFile }: TlsFiles): Promise<{ cert: Buffer; key: Buffer }> {
  const read = (flag: string, file: string) =>
    readFile(file).catch((error: unknown) => {
      throw new UsageError(`${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    });
  const [cert, key] = await Promise.all([read('--tls-cert', certFile), read('--tls-key', keyFile)]);
  return { cert, key };
}

export async function listen(handler: RequestListener, host: string, port: number, tls: TlsFiles | undefined): Promise<Listening> {
  let server: Server;
  if (tls) {
    try {
      server = createHttpsServer(await readTls(tls), handler);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`--tls-cert/--tls-key: not a certificate and its key in PEM (${error instanceof Error ? error.message : String(error)})`);
    }
  } else server = createHttpServer(handler);
  // A visitor who opens a connection and sends nothing must not hold it for long.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new EnvironmentError(`cannot listen on ${hostInUrl(host)}:${port} (${code})`, 'give an address of this machine (--host) and a free port (--port)');
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    origin: `${tls ? 'https' : 'http'}://${hostInUrl(host)}:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
