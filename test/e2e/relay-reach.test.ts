// The embedded coturn's relay reaches its own relay address and nothing else: with the run's
// credentials, a TURN client (coturn's turnutils_uclient) cannot send to a UDP service on this
// machine, on loopback or (in a scenario) on the client's network behind the NAT.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { embeddedTurnAt } from '../../harness/commands/iceOptions.js';
import { buildScenario } from '../../harness/network/netns.js';
import { findScenario } from '../../harness/network/scenarios.js';
import { ADDRESSES } from '../../harness/network/topology.js';
import { TeardownStack } from '../../harness/teardown.js';
import { type EmbeddedTurn, LOOPBACK_RELAY_IP, startEmbeddedTurn } from '../../harness/turn/coturn.js';
import { coturnAnsweredWith, coturnErrorAnswers, runUclient } from '../support/uclient.js';

/** Binds UDP on argv[1], says its port, reports and echoes every datagram (so a relayed client finishes). */
const ECHO_SERVICE = `const s = require('node:dgram').createSocket('udp4');
s.on('message', (m, from) => { process.stdout.write('datagram\\n'); s.send(m, from.port, from.address); });
s.bind(0, process.argv[1], () => process.stdout.write('port ' + s.address().port + '\\n'));`;

interface UdpService {
  port: number;
  received(): number;
  firstDatagram: Promise<void>;
}

const services: ChildProcess[] = [];
afterEach(() => services.splice(0).forEach((child) => child.kill('SIGKILL')));

/** A UDP service on `ip`, run through `wrapper` (inside a namespace in scenarios). */
async function udpService(ip: string, wrapper: readonly string[]): Promise<UdpService> {
  const [file, ...args] = [...wrapper, process.execPath, '-e', ECHO_SERVICE, ip];
  const child = spawn(file!, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  services.push(child);
  let received = 0;
  let datagram: () => void = () => undefined;
  const firstDatagram = new Promise<void>((resolve) => (datagram = resolve));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`UDP service on ${ip} exited (${code})`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line.startsWith('port ')) resolve(Number(line.slice(5)));
        if (line === 'datagram') {
          received++;
          datagram();
        }
      }
    });
  });
  return { port, received: () => received, firstDatagram };
}

interface Placement {
  name: string;
  runs: boolean;
  start(teardown: TeardownStack): Promise<{
    turn: EmbeddedTurn;
    client: readonly string[];
    relayHost: readonly string[];
    forbidden: { what: string; ip: string; wrapper: readonly string[] }[];
  }>;
}

const PLACEMENTS: Placement[] = [
  {
    name: 'on loopback',
    runs: true,
    async start(teardown) {
      const turn = await startEmbeddedTurn();
      teardown.push('coturn', () => turn.stop());
      expect(turn.relayIp).toBe(LOOPBACK_RELAY_IP);
      return { turn, client: [], relayHost: [], forbidden: [{ what: 'a service on 127.0.0.1', ip: '127.0.0.1', wrapper: [] }] };
    },
  },
  {
    name: 'in a scenario (coturn in the public namespace)',
    runs: process.getuid?.() === 0,
    async start(teardown) {
      const built = await buildScenario(findScenario('nat')!, teardown);
      const inPublic = built.turn.prefix;
      const turn = await startEmbeddedTurn(embeddedTurnAt(built.turn));
      teardown.push('coturn', () => turn.stop());
      expect(turn.relayIp).toBe(ADDRESSES.server);
      const inClient = built.clientPrefix ?? [];
      return {
        turn,
        client: inClient,
        relayHost: inPublic,
        forbidden: [
          { what: "a service on the client's machine behind the NAT", ip: ADDRESSES.client, wrapper: inClient },
          { what: "a service on the server's loopback", ip: '127.0.0.1', wrapper: inPublic },
          { what: "a service on the server's second address", ip: ADDRESSES.serverAlternate, wrapper: inPublic },
        ],
      };
    },
  },
];

describe.each(PLACEMENTS.filter((p) => p.runs))('the embedded relay reaches only its own relay address, $name', (placement) => {
  const teardown = new TeardownStack();
  let started: Awaited<ReturnType<Placement['start']>>;
  beforeAll(async () => {
    started = await placement.start(teardown);
  });
  afterAll(() => teardown.unwind());

  /** Relays one message from a fresh allocation of the run's user to ip:port. */
  const relayTo = (ip: string, port: number) => {
    const { turn, client } = started;
    return runUclient(
      ['-u', turn.username, '-w', turn.credential, '-p', String(turn.port), '-n', '1', '-m', '1', '-e', ip, '-r', String(port), turn.listenIp],
      client,
    );
  };

  it('control: a peer on the relay address gets the relayed data (so a refusal below is no broken client)', async () => {
    const peer = await udpService(started.turn.relayIp, started.relayHost);
    await relayTo(started.turn.relayIp, peer.port);
    await peer.firstDatagram;
    expect(peer.received()).toBeGreaterThan(0);
  });

  it('anything else receives nothing, and coturn answers 403 Forbidden IP', async () => {
    const { turn, forbidden } = started;
    for (const target of forbidden) {
      const service = await udpService(target.ip, target.wrapper);
      const forbiddenBefore = coturnErrorAnswers(turn, turn.username, 403);
      const run = await relayTo(target.ip, service.port);
      expect(service.received(), `datagrams relayed to ${target.what}`).toBe(0);
      expect(await coturnAnsweredWith(turn, turn.username, 403, forbiddenBefore), `coturn did not answer 403 for ${target.what}:\n${run.output}`).toBe(true);
      expect(run.succeeded).toBe(false);
    }
  });
});
