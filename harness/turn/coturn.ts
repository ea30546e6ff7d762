// Starts Debian's coturn (`turnserver`) with a generated config on a free port, waits until
// its listeners are open, and stops it on teardown. coturn never outlives the harness: it is
// started with a parent-death signal (so even SIGKILL of the harness ends it), and its folder
// (config with credentials, TLS key) is recorded in the run's record, so the next start removes
// it if the harness never got to.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, constants, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError, errorMessage } from '../errors.js';
import { type IceServerEntry, parseIceUrl, restApiCredentials } from '../ice/servers.js';
import { freeUdpTcpPort } from '../network/freePort.js';
import { removeLeftoversBeforeStart } from '../ownership/leftovers.js';
import { type OwnedServer, assertSetprivInstalled, startOwnedServer } from '../ownership/ownedServer.js';
import { createOwnedDirectory, newOwnedDirectoryPath, removeOwnedDirectory } from '../ownership/runRecord.js';
import { type CoturnOptions, renderCoturnConfig } from './coturnConfig.js';

const execFileAsync = promisify(execFile);

export const TURNSERVER = '/usr/bin/turnserver';
/**
 * On loopback coturn relays from this address, not from 127.0.0.1: every peer but the relay
 * address itself is denied, and local services listen on 127.0.0.1, not here (all of 127/8 is
 * local on Linux, no setup needed).
 */
export const LOOPBACK_RELAY_IP = '127.0.0.2';
const REALM = 'webrtc-harness.test';
const READY_TIMEOUT_MS = 10_000;

export interface EmbeddedTurnOptions {
  listenIp?: string;
  /** Address relayed from and the only peer allowed; default LOOPBACK_RELAY_IP on loopback, else listenIp. */
  relayIp?: string;
  /** A second address to listen on: a second STUN endpoint, so NAT mapping behaviour shows. */
  alternateIp?: string;
  /** Fixed port, e.g. the one a scenario's firewall lets through; default: a free one on this host. */
  port?: number;
  /** Fixed turns: port (with `tls`), likewise; default: a free one on this host. */
  tlsPort?: number;
  /** Also listen for turns: (TLS over TCP) with a self-signed certificate generated for the run. */
  tls?: boolean;
  /** Command prefix that places coturn elsewhere, e.g. ['ip', 'netns', 'exec', 'wh-pub']. */
  wrapper?: readonly string[];
  /** Check TURN REST API credentials made from this secret (coturn's use-auth-secret) instead of a fixed user. */
  sharedSecret?: string;
}

export interface EmbeddedTurn {
  /** stun:, turn: over UDP and TCP (and turns: with TLS), each with the run's credentials. */
  servers: IceServerEntry[];
  /** Values that must never appear in any output. */
  secrets: string[];
  username: string;
  credential: string;
  port: number;
  tlsPort?: number;
  listenIp: string;
  /** The address of every relay candidate, and the only peer the relay reaches. */
  relayIp: string;
  /** What coturn printed so far (its own log, for diagnosing a failed start). */
  log(): string;
  stop(): Promise<void>;
}

export async function assertCoturnInstalled(): Promise<void> {
  try {
    await access(TURNSERVER, constants.X_OK);
  } catch {
    throw new EnvironmentError(
      `coturn's ${TURNSERVER} was not found: the embedded TURN/STUN server needs it`,
      'install it with: sudo apt-get install coturn (or give your own servers with --stun/--turn)',
    );
  }
  await assertSetprivInstalled('coturn');
}

async function writeSelfSignedCertificate({ certFile, keyFile }: { certFile: string; keyFile: string }): Promise<void> {
  await execFileAsync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { timeout: 10_000 },
  ).catch((error: unknown) => {
    throw new EnvironmentError(`could not generate a TLS certificate for turns: (${String(error)})`, 'install openssl: sudo apt-get install openssl');
  });
}

export async function startEmbeddedTurn(options: EmbeddedTurnOptions = {}): Promise<EmbeddedTurn> {
  await assertCoturnInstalled();
  await removeLeftoversBeforeStart();
  const listenIp = options.listenIp ?? '127.0.0.1';
  const relayIp = options.relayIp ?? (listenIp === '127.0.0.1' ? LOOPBACK_RELAY_IP : listenIp);
  const port = options.port ?? (await freeUdpTcpPort(listenIp));
  const tlsPort = options.tls ? (options.tlsPort ?? (await freeUdpTcpPort(listenIp))) : undefined;
  const relayBase = 50_000 + Math.floor(Math.random() * 150) * 100;
  const { username, credential } = options.sharedSecret
    ? restApiCredentials(options.sharedSecret)
    : { username: `wh-${randomBytes(4).toString('hex')}`, credential: randomBytes(12).toString('hex') };
  const dir = await newOwnedDirectoryPath('wh-coturn');
  const tls = tlsPort !== undefined ? { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') } : undefined;
  const config: CoturnOptions = {
    listenIp,
    relayIp,
    ...(options.alternateIp ? { alternateIp: options.alternateIp } : {}),
    port,
    relayPortRange: { min: relayBase, max: relayBase + 99 },
    realm: REALM,
    auth: options.sharedSecret ? { kind: 'secret', secret: options.sharedSecret } : { kind: 'users', users: [{ username, password: credential }] },
    pidFile: join(dir, 'turnserver.pid'),
    ...(tls ? { tlsPort, tls } : {}),
  };
  // Rendered first: a value coturn's config cannot hold is refused before anything exists.
  const configText = renderCoturnConfig(config);
  const configFile = join(dir, 'turnserver.conf');
  await createOwnedDirectory(dir);
  let server: OwnedServer;
  try {
    if (tls) await writeSelfSignedCertificate(tls);
    await writeFile(configFile, configText, { mode: 0o600 });
    server = await startOwnedServer(options.wrapper ?? [], TURNSERVER, ['-c', configFile]);
  } catch (error) {
    await removeOwnedDirectory(dir);
    throw error;
  }
  const stop = async () => {
    await server.stop();
    await removeOwnedDirectory(dir);
  };
  const listenIps = [listenIp, ...(options.alternateIp ? [options.alternateIp] : [])];
  const expected = listenIps.flatMap((ip) => [
    `UDP listener opened on: ${ip}:${port}`,
    `TCP listener opened on : ${ip}:${port}`,
    ...(tlsPort !== undefined ? [`TCP listener opened on : ${ip}:${tlsPort}`] : []),
  ]);
  try {
    await server.waitForOutput(expected, READY_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw new EnvironmentError(`coturn did not start: ${errorMessage(error)}\n${server.output().split('\n').slice(-15).join('\n')}`);
  }
  const hostOf = (ip: string) => (ip.includes(':') ? `[${ip}]` : ip);
  const host = hostOf(listenIp);
  const urls = [
    `stun:${host}:${port}`,
    ...(options.alternateIp ? [`stun:${hostOf(options.alternateIp)}:${port}`] : []),
    `turn:${host}:${port}?transport=udp`,
    `turn:${host}:${port}?transport=tcp`,
    ...(tlsPort !== undefined ? [`turns:${host}:${tlsPort}?transport=tcp`] : []),
  ];
  return {
    servers: urls.map((url) => (url.startsWith('stun:') ? parseIceUrl(url) : { ...parseIceUrl(url), username, credential })),
    secrets: [credential, username, ...(options.sharedSecret ? [options.sharedSecret] : [])],
    username,
    credential,
    port,
    ...(tlsPort !== undefined ? { tlsPort } : {}),
    listenIp,
    relayIp,
    log: () => server.output(),
    stop,
  };
}
