// `--page-host HOST[:PORT]`: probe pages for browsers on other machines. The page server
// (harness/server) listens on 127.0.0.1 only; this listens on HOST:PORT, forwards each
// connection to it byte for byte, and hands out page URLs with the origin http://HOST:PORT.
// Such an origin is no secure context for the browser unless HOST is loopback, so the remote
// side must treat it as one (README: "Remote browsers").
import { lookup } from 'node:dns/promises';
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';
import { EnvironmentError, UsageError } from './errors.js';
import { addressKind, numericAddress } from './server/listenAddress.js';
import type { PageServer } from './server/server.js';

export interface PageHost {
  /** Listen address and origin host: an IP address or a name that resolves on both sides. */
  host: string;
  /** 0: any free port. A fixed port lets the remote side name the origin in advance. */
  port: number;
}

const NOT_FOR_PAGES = "is no address a browser can load pages from: give this machine's address as the remote browser reaches it";

/**
 * `10.0.0.5`, `10.0.0.5:8080`, `runner.internal:8080`, `[fd00::5]:8080`. Refuses the
 * unspecified address in any spelling listen() accepts (`0`, `0.0`, `[::0]`...): it would
 * serve the pages on every interface. IPv4 in inet_aton forms comes back dotted (`127.1` -> `127.0.0.1`).
 */
export function parsePageHost(text: string): PageHost {
  const match = /^(?:\[([0-9a-f:.]+)\]|([^\s:/[\]]+))(?::(\d{1,5}))?$/i.exec(text.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3] ?? 0);
  const address = host === undefined ? null : numericAddress(host);
  if (!match || !host || port > 65535 || (match[1] !== undefined && address?.family !== 6)) {
    throw new UsageError(`--page-host expects HOST or HOST:PORT (IPv6 as [ADDR]:PORT), not '${text}'`);
  }
  const kind = address ? addressKind(address) : 'unicast';
  if (kind !== 'unicast') throw new UsageError(`--page-host ${text}: the ${kind} address ${NOT_FOR_PAGES}`);
  return { host: address?.family === 4 ? address.bytes.join('.') : host, port };
}

function originHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function cannotListen(at: PageHost, error: unknown): EnvironmentError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new EnvironmentError(
    `--page-host ${originHost(at.host)}:${at.port}: cannot listen there (${code})`,
    'give an address of this machine (see: ip -brief address) and a free port',
  );
}

/** Serves `server`'s pages on `at` as well; close() stops the forwarding (the page server itself is closed by its owner). */
export async function exposePageServer(server: PageServer, at: PageHost): Promise<PageServer> {
  const target = Number(new URL(server.origin).port);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    return socket;
  };
  const forwarder: Server = createServer((client) => {
    const upstream = track(connect(target, '127.0.0.1'));
    track(client);
    // One side failing ends both: a half-open pair would hold the browser's request forever.
    client.once('error', () => upstream.destroy());
    upstream.once('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  // Resolved here, as listen() would, so that a name resolving to the unspecified address
  // (hosts files map blocked names to 0.0.0.0) is refused before anything listens.
  const { address } = await lookup(at.host).catch((error: unknown) => Promise.reject(cannotListen(at, error)));
  const resolved = numericAddress(address);
  if (!resolved || addressKind(resolved) !== 'unicast') {
    throw new EnvironmentError(
      `--page-host ${originHost(at.host)} resolves to ${address}, which ${NOT_FOR_PAGES}`,
      'give an address of this machine (see: ip -brief address)',
    );
  }
  try {
    await new Promise<void>((resolve, reject) => {
      forwarder.once('error', reject);
      forwarder.listen(at.port, address, () => resolve());
    });
  } catch (error) {
    throw cannotListen(at, error);
  }
  const { port } = forwarder.address() as AddressInfo;
  const origin = `http://${originHost(at.host)}:${port}`;
  return {
    origin,
    probeUrl: (probeId, adapter, profile) => {
      const url = new URL(server.probeUrl(probeId, adapter, profile));
      return `${origin}${url.pathname}${url.search}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        forwarder.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
