// Starts Debian's Janus with a generated minimal configuration (harness/janus/janusConfig.ts):
// the EchoTest plugin and the HTTP transport only, a fresh API secret and admin secret, an RTP
// port range, ICE on the one address the placement names. It waits until the API and admin API
// listen, and stops it on teardown; like the embedded coturn it dies with the harness and is
// recorded in the run's record (harness/ownership/ownedServer.ts). The secrets live only in the
// config files in a private folder of the state directory, never on a command line.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, constants, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError, errorMessage } from '../errors.js';
import { freeUdpTcpPort } from '../network/freePort.js';
import type { MediaServerPlacement } from '../network/placement.js';
import { removeLeftoversBeforeStart } from '../ownership/leftovers.js';
import { type OwnedServer, assertSetprivInstalled, startOwnedServer } from '../ownership/ownedServer.js';
import { createOwnedDirectory, newOwnedDirectoryPath, removeOwnedDirectory } from '../ownership/runRecord.js';
import { ADMIN_PATH, API_PATH, type JanusConfigOptions, renderJanusConfig } from './janusConfig.js';

export const JANUS = '/usr/bin/janus';
export const JANUS_APT_PACKAGE = 'janus';
/** Where Debian puts Janus's plugins and transports, per architecture. */
const LIBRARY_ROOTS = ['/usr/lib/x86_64-linux-gnu/janus', '/usr/lib/aarch64-linux-gnu/janus', '/usr/lib/janus'];
const ECHOTEST_LIBRARY = 'libjanus_echotest.so';
const HTTP_LIBRARY = 'libjanus_http.so';
const READY_TIMEOUT_MS = 15_000;

export interface EmbeddedJanus {
  /** `http://IP:PORT/janus`: the Janus API, as the harness (and its page proxy) reaches it. */
  apiUrl: string;
  /** `http://IP:PORT/admin`: the admin/monitor API (handle_info), for cross-checks; never given to a page. */
  adminUrl: string;
  apiSecret: string;
  adminSecret: string;
  /** Values that must never appear in any output. */
  secrets: string[];
  /** The Janus process (its pid for CPU figures, `exited` for a death mid-run). */
  server: OwnedServer;
  /** What Janus printed so far. */
  log(): string;
  stop(): Promise<void>;
}

function libraryRoot(): string | null {
  return LIBRARY_ROOTS.find((root) => existsSync(join(root, 'plugins', ECHOTEST_LIBRARY)) && existsSync(join(root, 'transports', HTTP_LIBRARY))) ?? null;
}

export async function assertJanusInstalled(): Promise<void> {
  const missing = () =>
    new EnvironmentError(
      `Janus (${JANUS} with its EchoTest plugin and HTTP transport) was not found: the embedded media server needs it`,
      `install it with: sudo apt-get install ${JANUS_APT_PACKAGE} (or give your own with --janus URL --janus-secret-file FILE)`,
    );
  try {
    await access(JANUS, constants.X_OK);
  } catch {
    throw missing();
  }
  if (!libraryRoot()) throw missing();
  await assertSetprivInstalled('Janus');
}

/** A fixed-size block of RTP/ICE ports, so two runs on one machine rarely share ports. */
function rtpPortRange(): { min: number; max: number } {
  const min = 41_000 + Math.floor(Math.random() * 80) * 100;
  return { min, max: min + 99 };
}

/** A hex secret: what janusConfig accepts, and nothing a shell or a URL would mangle. */
const freshSecret = () => randomBytes(18).toString('hex');

/**
 * Starts Janus where `placement` says: its API on `httpIp` (free ports on this host unless the
 * placement fixes them), media on `mediaIp`, on `rtpPorts` (default: a block picked at random;
 * serve fixes it, so an operator knows which ports to open). Resolves once the API and admin API listen.
 */
export async function startEmbeddedJanus(placement: MediaServerPlacement, rtpPorts = rtpPortRange()): Promise<EmbeddedJanus> {
  await assertJanusInstalled();
  await removeLeftoversBeforeStart();
  const root = libraryRoot()!;
  const httpPort = placement.ports?.http ?? (await freeUdpTcpPort(placement.httpIp));
  let adminPort = placement.ports?.admin ?? (await freeUdpTcpPort(placement.httpIp));
  while (adminPort === httpPort) adminPort = await freeUdpTcpPort(placement.httpIp);
  const dir = await newOwnedDirectoryPath('wh-janus');
  const options: JanusConfigOptions = {
    configsFolder: dir,
    pluginsFolder: join(dir, 'plugins'),
    transportsFolder: join(dir, 'transports'),
    emptyFolder: join(dir, 'none'),
    apiSecret: freshSecret(),
    adminSecret: freshSecret(),
    httpIp: placement.httpIp,
    httpPort,
    adminPort,
    mediaIp: placement.mediaIp,
    rtpPortRange: rtpPorts,
  };
  // Rendered first: a value the config cannot hold is refused before anything exists.
  const files = renderJanusConfig(options);
  await createOwnedDirectory(dir);
  let server: OwnedServer;
  try {
    // Only these two libraries in the folders Janus loads from: no other plugin or transport can start.
    for (const folder of [options.pluginsFolder, options.transportsFolder, options.emptyFolder]) await mkdir(folder, { mode: 0o700 });
    await symlink(join(root, 'plugins', ECHOTEST_LIBRARY), join(options.pluginsFolder, ECHOTEST_LIBRARY));
    await symlink(join(root, 'transports', HTTP_LIBRARY), join(options.transportsFolder, HTTP_LIBRARY));
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content, { mode: 0o600 });
    server = await startOwnedServer(JANUS, ['-F', dir, '-C', join(dir, 'janus.jcfg')], { wrapper: placement.prefix });
  } catch (error) {
    await removeOwnedDirectory(dir);
    throw error;
  }
  const stop = async () => {
    await server.stop();
    await removeOwnedDirectory(dir);
  };
  try {
    await server.waitForOutput(
      [
        `HTTP webserver started (port ${httpPort}, ${API_PATH} path listener)`,
        `Admin/monitor HTTP webserver started (port ${adminPort}, ${ADMIN_PATH} path listener)`,
        'JANUS EchoTest plugin initialized!',
      ],
      READY_TIMEOUT_MS,
    );
  } catch (error) {
    await stop();
    throw new EnvironmentError(`Janus did not start: ${errorMessage(error)}\n${server.lastOutput()}`);
  }
  const host = placement.httpIp.includes(':') ? `[${placement.httpIp}]` : placement.httpIp;
  return {
    apiUrl: `http://${host}:${httpPort}${API_PATH}`,
    adminUrl: `http://${host}:${adminPort}${ADMIN_PATH}`,
    apiSecret: options.apiSecret,
    adminSecret: options.adminSecret,
    secrets: [options.apiSecret, options.adminSecret],
    server,
    log: () => server.output(),
    stop,
  };
}
