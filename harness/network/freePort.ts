// Ports free on this host, for servers the harness starts on loopback (in a scenario's fresh
// namespace every port is free, so the standard ones are used there).
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { EnvironmentError } from '../errors.js';

/** A port free for both UDP and TCP on `ip` (STUN/TURN listen on both at the same number). */
export async function freeUdpTcpPort(ip: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if ((await canBindTcp(ip, port)) && (await canBindUdp(ip, port))) return port;
  }
  throw new EnvironmentError(`no free UDP+TCP port found on ${ip}`);
}

function canBindTcp(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, ip, () => server.close(() => resolve(true)));
  });
}

function canBindUdp(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, ip, () => socket.close(() => resolve(true)));
  });
}
