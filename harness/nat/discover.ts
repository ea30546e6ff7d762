// RFC 5780 NAT behaviour discovery against one STUN server, over UDP from wherever this process
// runs (in a scenario: the worker inside the client namespace, beside the browsers). It only
// records what came back; core/natBehaviour.ts judges it, so a stored results.json replays
// the verdict.
import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type BindingAnswer, type Endpoint, type FilteringTests, type MappingTests, type NatDiscovery, usableOtherAddress } from '../../core/natBehaviour.js';
import type { IceServerUrl } from '../../probes/page-kit/iceServers.js';
import { errorMessage } from '../errors.js';
import { bindingRequest, type ChangeRequest, isBindingRequest, parseBindingAnswer, stunHeader } from './stunMessage.js';

/**
 * When a transaction is sent (ms) and when no answer means none. RFC 5389's 500 ms RTO and
 * 39.5 s are for the open internet. A test that may rightly get no answer (filtering II/III,
 * hairpinning) waits the whole time, so it is short, with room for a loaded machine and a lossy
 * scenario; the first request of each socket must be answered, and it may meet a network that
 * is still settling (IPv6 neighbour discovery on fresh links), so it waits longer.
 */
interface Patience {
  sendAtMs: readonly number[];
  noAnswerMs: number;
}
const MAY_BE_SILENT: Patience = { sendAtMs: [0, 300, 900], noAnswerMs: 2_000 };
const MUST_ANSWER: Patience = { sendAtMs: [0, 300, 900, 2_100, 4_500], noAnswerMs: 8_000 };

/** A UDP socket that runs STUN transactions and notices binding requests sent to it (hairpinning). */
class StunSocket {
  readonly #socket: Socket;
  readonly #waiting = new Map<string, (message: Buffer) => void>();

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('message', (message) => {
      const header = stunHeader(message);
      if (header) this.#waiting.get(header.transactionId.toString('hex'))?.(message);
    });
  }

  static open(family: 4 | 6): Promise<StunSocket> {
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, () => {
        socket.off('error', reject);
        // A late ICMP error must not crash the harness: the transaction simply gets no answer.
        socket.on('error', () => undefined);
        resolve(new StunSocket(socket));
      });
    });
  }

  /** Resolves with the first accepted message carrying `transactionId`, or null after `noAnswerMs`. */
  #await(transactionId: Buffer, accept: (message: Buffer) => boolean, noAnswerMs: number): Promise<Buffer | null> {
    const key = transactionId.toString('hex');
    let finish: (message: Buffer | null) => void = () => undefined;
    return new Promise<Buffer | null>((resolve) => {
      const timer = setTimeout(() => finish(null), noAnswerMs);
      finish = (message) => {
        clearTimeout(timer);
        this.#waiting.delete(key);
        resolve(message);
      };
      this.#waiting.set(key, (message) => {
        if (accept(message)) finish(message);
      });
    });
  }

  /** Sends `bytes` to `to` on the schedule until `until` settles. */
  async #sendUntil<T>(bytes: Buffer, to: Endpoint, sendAtMs: readonly number[], until: Promise<T>): Promise<T> {
    const timers = sendAtMs.map((ms) => setTimeout(() => this.#socket.send(bytes, to.port, to.address), ms));
    try {
      return await until;
    } finally {
      for (const timer of timers) clearTimeout(timer);
    }
  }

  /** One Binding transaction; null: no success answer in time. */
  async transact(to: Endpoint, change: ChangeRequest, patience: Patience): Promise<BindingAnswer | null> {
    const { transactionId, bytes } = bindingRequest(change);
    const answer = (message: Buffer) => parseBindingAnswer(message, transactionId);
    const message = await this.#sendUntil(
      bytes,
      to,
      patience.sendAtMs,
      this.#await(transactionId, (m) => answer(m) !== null, patience.noAnswerMs),
    );
    return message && answer(message);
  }

  /** Sends a binding request to `to` and says whether `receiver` got that very request. */
  async hairpin(to: Endpoint, receiver: StunSocket): Promise<boolean> {
    const { transactionId, bytes } = bindingRequest('none');
    const arrival = receiver.#await(transactionId, isBindingRequest, MAY_BE_SILENT.noAnswerMs);
    return (await this.#sendUntil(bytes, to, MAY_BE_SILENT.sendAtMs, arrival)) !== null;
  }

  close(): void {
    this.#socket.close();
  }
}

/** The source address the system picks towards `to` (a connected socket sends nothing). */
async function localAddressTowards(to: Endpoint, family: 4 | 6): Promise<string | null> {
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(to.port, to.address, () => resolve());
    });
    return socket.address().address;
  } catch {
    return null;
  } finally {
    socket.close();
  }
}

const samePlace = (a: Endpoint, b: Endpoint) => a.address === b.address && a.port === b.port;

/** RFC 5780 §4.3 on test I's socket, once I named an other address: III only when II differs from I. */
async function mappingTests(socket: StunSocket, primary: Endpoint, test1: BindingAnswer, other: Endpoint): Promise<MappingTests> {
  // The other address is known to answer: silence there is a filtering NAT dropping it, so no long wait.
  const test2 = await socket.transact({ address: other.address, port: primary.port }, 'none', MAY_BE_SILENT);
  if (!test2 || samePlace(test2.mapped, test1.mapped)) return { test1, test2 };
  return { test1, test2, test3: await socket.transact(other, 'none', MAY_BE_SILENT) };
}

/** RFC 5780 §4.4 on a fresh socket; II and III at once (their answers come from different places, neither opens a pinhole). */
async function filteringTests(socket: StunSocket, primary: Endpoint): Promise<FilteringTests> {
  const test1 = await socket.transact(primary, 'none', MUST_ANSWER);
  if (!usableOtherAddress(primary, test1)) return { test1 };
  const [test2, test3] = await Promise.all([socket.transact(primary, 'ip-and-port', MAY_BE_SILENT), socket.transact(primary, 'port', MAY_BE_SILENT)]);
  return { test1, test2, test3 };
}

/** Every stun: server over UDP, each classified on its own (all at once: their sockets are separate). */
export function discoverNatBehind(servers: readonly IceServerUrl[]): Promise<NatDiscovery[]> {
  return Promise.all(servers.filter((s) => s.scheme === 'stun').map(discoverNat));
}

/** Runs the mapping, filtering and hairpinning tests against `server` (a stun: URL's host and port over UDP). */
export async function discoverNat(server: { url: string; host: string; port: number }): Promise<NatDiscovery> {
  const sockets: StunSocket[] = [];
  try {
    const host = server.host.replace(/^\[(.*)\]$/, '$1');
    const address = isIP(host) ? host : (await lookup(host)).address;
    const family = isIP(address) === 6 ? 6 : 4;
    const primary = { address, port: server.port };
    const open = async () => {
      const socket = await StunSocket.open(family);
      sockets.push(socket);
      return socket;
    };
    const [mapper, filterer, sender] = await Promise.all([open(), open(), open()]);
    const localAddress = await localAddressTowards(primary, family);
    const test1 = await mapper.transact(primary, 'none', MUST_ANSWER);
    const other = usableOtherAddress(primary, test1);
    if (!test1 || !other) return { server: server.url, localAddress, serverAddress: primary, mapping: { test1 } };
    // Separate sockets and transaction ids: the rest runs at once, so the waits for silence overlap.
    const [mapping, filtering, received] = await Promise.all([
      mappingTests(mapper, primary, test1, other),
      filteringTests(filterer, primary),
      sender.hairpin(test1.mapped, mapper),
    ]);
    return { server: server.url, localAddress, serverAddress: primary, mapping, filtering, hairpinning: { to: test1.mapped, received } };
  } catch (error) {
    return { server: server.url, localAddress: null, error: errorMessage(error) };
  } finally {
    for (const socket of sockets) socket.close();
  }
}
