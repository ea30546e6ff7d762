// Starts Debian's coturn (`turnserver`) with a generated config on a free port, waits until
// its listeners are open, and stops it on teardown. coturn never outlives the harness: it is
// started with a parent-death signal (so even SIGKILL of the harness ends it), and its folder
// (config with credentials, TLS key) is recorded in the run's record, so the next start removes
// it if the harness never got to.
import { randomBytes } from 'node:crypto';
import { access, constants, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError, UsageError, errorMessage } from '../errors.js';
import { type IceServerEntry, parseIceUrl, restApiCredentials } from '../ice/servers.js';
import { freeUdpTcpPort } from '../network/freePort.js';
import { removeLeftoversBeforeStart } from '../ownership/leftovers.js';
import { type OwnedServer, assertSetprivInstalled, startOwnedServer } from '../ownership/ownedServer.js';
import { createOwnedDirectory, newOwnedDirectoryPath, removeOwnedDirectory } from '../ownership/runRecord.js';
import { type CertificateFiles, issueServerCertificate, makeTestAuthority } from '../tls/certificates.js';
import { type CoturnOptions, type RefusableTlsVersion, renderCoturnConfig } from './coturnConfig.js';

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
  /** IPv6 addresses to listen on too (a stun: URL on the first); relaying stays on relayIp. */
  ipv6?: { listenIp: string; alternateIp: string };
  /** Fixed port, e.g. the one a scenario's firewall lets through; default: a free one on this host. */
  port?: number;
  /** Fixed turns: port (with `tls`), likewise; default: a free one on this host. */
  tlsPort?: number;
  /**
   * Also listen for turns: (TLS over TCP): with a certificate for its listening addresses from
   * the run's own test authority (`run-authority`), or with the operator's certificate files.
   */
  tls?: TurnTlsCertificate;
  /** Fixed relay ports, e.g. the range a firewall lets through (serve); default: 100 ports at random in 50000-64999. */
  relayPortRange?: { min: number; max: number };
  /**
   * The host name turns: URLs use (default: `localhost` on loopback, else the listening address).
   * A name, not an address: Firefox ignores turns: URLs with an IP address, and certificates
   * are issued for names. It must resolve to listenIp where the browsers run.
   */
  tlsHostName?: string;
  /** TLS versions refused on the turns: listener; default DEFAULT_REFUSED_TLS_VERSIONS (what browsers no longer speak). */
  refusedTlsVersions?: readonly RefusableTlsVersion[];
  /** Command prefix that places coturn elsewhere, e.g. ['ip', 'netns', 'exec', 'wh-pub']. */
  wrapper?: readonly string[];
  /** Check TURN REST API credentials made from this secret (coturn's use-auth-secret) instead of a fixed user. */
  sharedSecret?: string;
}

export type TurnTlsCertificate = { kind: 'run-authority' } | ({ kind: 'files' } & CertificateFiles);

export interface EmbeddedTurn {
  /** stun:, turn: over UDP and TCP (and turns: with TLS), each with the run's credentials. */
  servers: IceServerEntry[];
  /** Values that must never appear in any output. */
  secrets: string[];
  username: string;
  credential: string;
  port: number;
  tlsPort?: number;
  /** The run's test authority (PEM) that issued coturn's certificate, for the launched browsers to trust; removed with coturn. */
  authorityFile?: string;
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

/**
 * A certificate for coturn's listening addresses from a test authority made for this run, in
 * coturn's folder. The authority's key is deleted once it has signed: nothing else can be issued.
 */
async function writeRunCertificate(dir: string, names: readonly string[]): Promise<{ files: CertificateFiles; authorityFile: string }> {
  const authority = await makeTestAuthority(dir, 'webrtc-harness test authority (this run only)');
  const files = await issueServerCertificate(authority, dir, 'turn', { names, days: 1 });
  await rm(authority.keyFile, { force: true });
  return { files, authorityFile: authority.certFile };
}

/** The operator's certificate files must be readable before coturn is told to use them. */
async function assertReadable({ certFile, keyFile }: CertificateFiles): Promise<void> {
  for (const [flag, file] of [
    ['--tls-cert', certFile],
    ['--tls-key', keyFile],
  ] as const) {
    await access(file, constants.R_OK).catch(() => {
      throw new UsageError(`${flag} ${file}: the file cannot be read`);
    });
  }
}

export async function startEmbeddedTurn(options: EmbeddedTurnOptions = {}): Promise<EmbeddedTurn> {
  await assertCoturnInstalled();
  await removeLeftoversBeforeStart();
  const listenIp = options.listenIp ?? '127.0.0.1';
  const relayIp = options.relayIp ?? (listenIp === '127.0.0.1' ? LOOPBACK_RELAY_IP : listenIp);
  const port = options.port ?? (await freeUdpTcpPort(listenIp));
  const tlsPort = options.tls ? (options.tlsPort ?? (await freeUdpTcpPort(listenIp))) : undefined;
  const relayBase = 50_000 + Math.floor(Math.random() * 150) * 100;
  const relayPortRange = options.relayPortRange ?? { min: relayBase, max: relayBase + 99 };
  const { username, credential } = options.sharedSecret
    ? restApiCredentials(options.sharedSecret)
    : { username: `wh-${randomBytes(4).toString('hex')}`, credential: randomBytes(12).toString('hex') };
  const dir = await newOwnedDirectoryPath('wh-coturn');
  const tlsSource = options.tls;
  if (tlsSource?.kind === 'files') await assertReadable(tlsSource);
  // The run's certificate is written below, once the folder exists; its paths are known now.
  const tls = tlsSource
    ? tlsSource.kind === 'files'
      ? { certFile: tlsSource.certFile, keyFile: tlsSource.keyFile }
      : { certFile: join(dir, 'turn.pem'), keyFile: join(dir, 'turn.key') }
    : undefined;
  let authorityFile: string | undefined;
  const tlsHost = options.tlsHostName ?? (listenIp === '127.0.0.1' ? 'localhost' : listenIp);
  const config: CoturnOptions = {
    listenIp,
    relayIp,
    ...(options.alternateIp ? { alternateIp: options.alternateIp } : {}),
    ...(options.ipv6 ? { ipv6ListenIps: [options.ipv6.listenIp, options.ipv6.alternateIp] } : {}),
    port,
    relayPortRange,
    realm: REALM,
    auth: options.sharedSecret ? { kind: 'secret', secret: options.sharedSecret } : { kind: 'users', users: [{ username, password: credential }] },
    pidFile: join(dir, 'turnserver.pid'),
    ...(tls ? { tlsPort, tls } : {}),
    ...(options.refusedTlsVersions ? { refusedTlsVersions: options.refusedTlsVersions } : {}),
  };
  // Rendered first: a value coturn's config cannot hold is refused before anything exists.
  const configText = renderCoturnConfig(config);
  const configFile = join(dir, 'turnserver.conf');
  await createOwnedDirectory(dir);
  let server: OwnedServer;
  try {
    if (tlsSource?.kind === 'run-authority') {
      authorityFile = (await writeRunCertificate(dir, [...new Set([tlsHost, listenIp, ...(options.alternateIp ? [options.alternateIp] : [])])])).authorityFile;
    }
    await writeFile(configFile, configText, { mode: 0o600 });
    server = await startOwnedServer(TURNSERVER, ['-c', configFile], { wrapper: options.wrapper ?? [] });
  } catch (error) {
    await removeOwnedDirectory(dir);
    throw error;
  }
  const stop = async () => {
    await server.stop();
    await removeOwnedDirectory(dir);
  };
  const listenIps = [
    listenIp,
    ...(options.alternateIp ? [options.alternateIp] : []),
    ...(options.ipv6 ? [options.ipv6.listenIp, options.ipv6.alternateIp] : []),
  ];
  const expected = listenIps.flatMap((ip) => [
    `UDP listener opened on: ${ip}:${port}`,
    `TCP listener opened on : ${ip}:${port}`,
    ...(tlsPort !== undefined ? [`TCP listener opened on : ${ip}:${tlsPort}`] : []),
  ]);
  try {
    await server.waitForOutput(expected, READY_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw new EnvironmentError(`coturn did not start: ${errorMessage(error)}\n${server.lastOutput()}`);
  }
  const hostOf = (ip: string) => (ip.includes(':') ? `[${ip}]` : ip);
  const host = hostOf(listenIp);
  const urls = [
    `stun:${host}:${port}`,
    ...(options.alternateIp ? [`stun:${hostOf(options.alternateIp)}:${port}`] : []),
    ...(options.ipv6 ? [`stun:${hostOf(options.ipv6.listenIp)}:${port}`] : []),
    `turn:${host}:${port}?transport=udp`,
    `turn:${host}:${port}?transport=tcp`,
    ...(tlsPort !== undefined ? [`turns:${hostOf(tlsHost)}:${tlsPort}?transport=tcp`] : []),
  ];
  return {
    servers: urls.map((url) => (url.startsWith('stun:') ? parseIceUrl(url) : { ...parseIceUrl(url), username, credential })),
    secrets: [credential, username, ...(options.sharedSecret ? [options.sharedSecret] : [])],
    username,
    credential,
    port,
    ...(tlsPort !== undefined ? { tlsPort } : {}),
    ...(authorityFile !== undefined ? { authorityFile } : {}),
    listenIp,
    relayIp,
    log: () => server.output(),
    stop,
  };
}
