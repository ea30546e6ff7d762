// `--page-host HOST[:PORT]`: probe pages for browsers on other machines. The page server
// (harness/server) listens on 127.0.0.1 only; this listens on HOST:PORT, forwards each
// connection to it byte for byte, and hands out page URLs with the origin http://HOST:PORT.
// Such an origin is no secure context for the browser unless HOST is loopback, so the remote
// side must treat it as one (README: "Remote browsers").
import { type Server, type Socket, connect, createServer } from 'node:net';
import { EnvironmentError, UsageError } from './errors.js';
import type { PageServer } from './server/server.js';

export interface PageHost {
  /** Listen address and origin host: an IP address or a name that resolves on both sides. */
  host: string;
  /** 0: any free port. A fixed port lets the remote side name the origin in advance. */
  port: number;
}

/** `10.0.0.5`, `10.0.0.5:8080`, `runner.internal:8080`, `[fd00::5]:8080`. */
export function parsePageHost(text: string): PageHost {
  const match = /^(?:\[([0-9a-f:.]+)\]|([^\s:/[\]]+))(?::(\d{1,5}))?$/i.exec(text.trim());
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3] ?? 0);
  if (!match || !host || port > 65535) throw new UsageError(`--page-host expects HOST or HOST:PORT (IPv6 as [ADDR]:PORT), not '${text}'`);
  if (host === '0.0.0.0' || host === '::') throw new UsageError(`--page-host ${host} is no address a browser can load pages from: give this machine's address as the remote browser reaches it`);
  return { host, port };
}

function originHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
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
  try {
    await new Promise<void>((resolve, reject) => {
      forwarder.once('error', reject);
      forwarder.listen(at.port, at.host, () => resolve());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new EnvironmentError(`--page-host ${originHost(at.host)}:${at.port}: cannot listen there (${code})`, "give an address of this machine (see: ip -brief address) and a free port");
  }
  const { port } = forwarder.address() as { port: number };
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
