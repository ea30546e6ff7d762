// The embedded coturn's relay reaches its own relay address and nothing else: with the run's
// credentials, a TURN client (coturn's turnutils_uclient) cannot send to a local UDP service.
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedTurn, LOOPBACK_RELAY_IP, startEmbeddedTurn } from '../../harness/turn/coturn.js';
import { coturnAnsweredWith, coturnErrorAnswers, runUclient } from '../support/uclient.js';

/** A UDP service on `ip` that counts datagrams and echoes each back (so a relayed client finishes at once). */
async function udpService(ip: string): Promise<{ socket: Socket; port: number; received: () => number; firstDatagram: Promise<void> }> {
  const socket = createSocket('udp4');
  let count = 0;
  const firstDatagram = new Promise<void>((resolve) =>
    socket.on('message', (message, from) => {
      count++;
      socket.send(message, from.port, from.address);
      resolve();
    }),
  );
  await new Promise<void>((resolve) => socket.bind(0, ip, resolve));
  return { socket, port: socket.address().port, received: () => count, firstDatagram };
}

describe('the embedded relay reaches only its own relay address', () => {
  let turn: EmbeddedTurn;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    turn = await startEmbeddedTurn();
  });
  afterAll(() => turn.stop());
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));

  /** Relays one message from a fresh allocation to ip:port through the embedded coturn. */
  const relayTo = (ip: string, port: number) => runUclient(['-u', turn.username, '-w', turn.credential, '-p', String(turn.port), '-n', '1', '-m', '1', '-e', ip, '-r', String(port), turn.listenIp]);

  it('relay candidates come from the dedicated loopback relay address', () => {
    expect(turn.relayIp).toBe(LOOPBACK_RELAY_IP);
  });

  it('control: a peer on the relay address gets the relayed data (so the refusal below is no broken client)', async () => {
    const peer = await udpService(LOOPBACK_RELAY_IP);
    sockets.push(peer.socket);
    await relayTo(LOOPBACK_RELAY_IP, peer.port);
    await peer.firstDatagram;
    expect(peer.received()).toBeGreaterThan(0);
  });

  it('a UDP service on 127.0.0.1 receives nothing: coturn answers 403 Forbidden IP', async () => {
    const service = await udpService('127.0.0.1');
    sockets.push(service.socket);
    const forbiddenBefore = coturnErrorAnswers(turn, turn.username, 403);
    const run = await relayTo('127.0.0.1', service.port);
    expect(service.received(), 'datagrams relayed to the local service').toBe(0);
    expect(await coturnAnsweredWith(turn, turn.username, 403, forbiddenBefore), `coturn did not answer 403:\n${run.output}`).toBe(true);
    expect(run.succeeded).toBe(false);
  });
});
