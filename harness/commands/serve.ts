// `webrtc-harness serve`: checks other people's networks. One process serves the readiness page to
// visitors (their own browser runs the probes), stores the results they post, shows each as the
// same HTML report the CLI writes, and runs the embedded coturn the page tests against, with TURN
// credentials minted per visit. Everything is set up as environment steps, so Ctrl-C and SIGTERM
// tear down all of it (coturn included) in reverse order.
import { terminalSafe } from '../../core/sanitize.js';
import { SERVED_PATHS, reportPath } from '../../reports/servedRun.js';
import { renderReadinessPage } from '../../reports/pages/readinessPage.js';
import { type EnvironmentStep, inEnvironment } from '../environment/steps.js';
import { EnvironmentError, UsageError } from '../errors.js';
import { assertJanusInstalled } from '../janus/janus.js';
import { type AdminTokenDigest, adminTokenDigest } from '../serve/adminAuth.js';
import { createServeApp } from '../serve/app.js';
import { type Listening, type TlsFiles, listen } from '../serve/listen.js';
import { RateLimiter } from '../serve/rateLimit.js';
import { hostInUrl, isLoopback, parsePublicUrl, serveAddress } from '../serve/serveAddress.js';
import { type ServeTurn, givenServers, startServeTurn } from '../serve/serveTurn.js';
import { mintIceServers } from '../serve/turnRest.js';
import { type Webhook, checkWebhookUrl, startWebhook } from '../serve/webhook.js';
import { openStore } from '../store/openStore.js';
import { type Retention, startRetention } from '../store/retention.js';
import type { RunStore } from '../store/runStore.js';
import { HARNESS_VERSION } from '../version.js';
import { type Command, parseCommandArgs } from './command.js';
import { TURN_SECRET_OPTION } from './iceOptions.js';
import { JANUS_SECRET_OPTION, MEDIA_SERVER_OPTIONS, type MediaServerSetup, parseJanusUrl, setUpMediaServer } from './mediaServerOptions.js';
import { type SecretOption, resolveSecret } from './secretOption.js';

const DEFAULT_PORT = 8080;
const DEFAULT_DB = 'webrtc-harness-serve.db';
const DEFAULT_TURN_PORT = 3478;
const DEFAULT_TURNS_PORT = 5349;
const DEFAULT_RELAY_PORTS = { min: 49_152, max: 49_251 };
/** The embedded Janus's media ports: fixed (an operator opens them), next to coturn's relay range. */
const DEFAULT_MEDIA_PORTS = { min: 49_252, max: 49_351 };
/** Per client address and minute: a visit fetches ICE servers once and posts once; a few reloads fit. */
const DEFAULT_RATE_PER_MINUTE = 20;
/**
 * Janus requests per client address and minute: one call to the media server makes some 30-60
 * (session, offer, trickled candidates, long polls, keepalives); a few visits from one office fit.
 */
const JANUS_RATE_PER_MINUTE = 600;
const MAX_CLIENTS_TRACKED = 50_000;

export const ADMIN_TOKEN_OPTION: SecretOption = { flag: '--admin-token', fileFlag: '--admin-token-file', envVar: 'WEBRTC_HARNESS_ADMIN_TOKEN' };
/** Chat webhooks carry their secret in the URL: it gets the secret spellings too. */
export const WEBHOOK_OPTION: SecretOption = { flag: '--webhook', fileFlag: '--webhook-file', envVar: 'WEBRTC_HARNESS_WEBHOOK' };

const OPTIONS = {
  host: { type: 'string' },
  'turn-ip': { type: 'string' },
  port: { type: 'string' },
  db: { type: 'string' },
  'public-url': { type: 'string' },
  stun: { type: 'string', multiple: true },
  turn: { type: 'string', multiple: true },
  'turn-secret-file': { type: 'string' },
  'turn-port': { type: 'string' },
  'turns-port': { type: 'string' },
  'relay-ports': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'admin-token-file': { type: 'string' },
  webhook: { type: 'string' },
  'webhook-file': { type: 'string' },
  'store-ip': { type: 'boolean', default: false },
  'redact-ips': { type: 'boolean', default: false },
  'keep-days': { type: 'string' },
  'rate-limit': { type: 'string' },
  'trust-proxy': { type: 'boolean', default: false },
  ...MEDIA_SERVER_OPTIONS,
  'no-janus': { type: 'boolean', default: false },
  'media-ports': { type: 'string' },
} as const;

const HELP = `Usage: webrtc-harness serve [options]

Check someone else's network: serves a readiness page that runs the checks in the visitor's own
browser against this server's STUN/TURN, stores the results and shows each as the same HTML
report \`check\` writes. Send a visitor the URL; they get a verdict and a link to their report.

Routes: / the page (?label=office-wifi groups visits, ?autostart=1 starts at once),
/r/<id> a report, /r/<id>/results.json its results (for report diff/merge, --baseline),
/compare?label=L the visits with that label side by side, /admin the list (admin token).

Listening:
      --host ADDR         address to listen on (default: this machine's address on its network;
                          0.0.0.0 for every interface)
      --port N            HTTP(S) port (default ${DEFAULT_PORT}; 0: any free port)
      --public-url URL    the origin visitors use, e.g. https://checks.example.org behind a TLS
                          reverse proxy; answers and the webhook carry absolute URLs with it
      --tls-cert F --tls-key F  serve HTTPS with this certificate (PEM): browsers only allow the
                          camera and microphone test on https:// (or localhost); the embedded
                          coturn then also offers turns: with it
      --trust-proxy       take the client address from X-Forwarded-For set by a proxy on this
                          machine (rate limit, --store-ip)
STUN/TURN (default: an embedded coturn on the served address, a secret made per start):
      --turn-ip ADDR      the address it listens and relays on (default: --host's; for 0.0.0.0,
                          this machine's address on its network). Behind a reverse proxy on
                          loopback, give the address visitors reach this machine on
      --turn-port N       its STUN/TURN port, UDP and TCP (default ${DEFAULT_TURN_PORT}; 0: any free port)
      --turns-port N      its TLS port with --tls-cert (default ${DEFAULT_TURNS_PORT})
      --relay-ports A-B   its relay ports, UDP (default ${DEFAULT_RELAY_PORTS.min}-${DEFAULT_RELAY_PORTS.max})
      --turn URL, --stun URL  use an existing server instead (repeat); TURN needs its shared
                          secret (coturn use-auth-secret):
      --turn-secret-file F  or WEBRTC_HARNESS_TURN_SECRET; visitors only get credentials minted
                          from it that expire within 10 minutes
Media server (the visitor's call to it and back; default: an embedded Janus with the EchoTest
plugin, its HTTP API on loopback, media on the TURN address; visitors reach its API through
/janus here, which adds its API secret, so pages never see it):
      --janus URL         your Janus's HTTP API instead, e.g. http://127.0.0.1:8088/janus
      --janus-secret-file F  its api_secret, read from file F (or set WEBRTC_HARNESS_JANUS_SECRET)
      --media-ports A-B   the embedded Janus's RTP/ICE ports, UDP, on the TURN address (default
                          ${DEFAULT_MEDIA_PORTS.min}-${DEFAULT_MEDIA_PORTS.max})
      --no-janus          no media server: the page skips that check
Storage:
      --db FILE|URL       SQLite file (default ./${DEFAULT_DB}) or postgres://user@host/db
                          (password in PGPASSWORD or ~/.pgpass)
      --keep-days N       delete runs older than N days (checked hourly; default: keep)
      --store-ip          keep each visitor's IP address with the run (default: not kept)
      --redact-ips        replace IP addresses inside stored results with ip-1, ip-2...
Operators:
      --admin-token-file F  token for /admin and GET /api/runs (Authorization: Bearer, or the
                          password of the browser's login box); or WEBRTC_HARNESS_ADMIN_TOKEN.
                          Without one, the admin list is closed.
      --webhook-file F    POST a JSON summary of every stored run to the URL in F (or
                          WEBRTC_HARNESS_WEBHOOK; --webhook URL shows it in ps): 5 s timeout,
                          3 retries
      --rate-limit N      API requests per minute per client address (default ${DEFAULT_RATE_PER_MINUTE})

Examples:
  webrtc-harness serve
  webrtc-harness serve --tls-cert cert.pem --tls-key key.pem --port 8443 --admin-token-file token
  webrtc-harness serve --host 127.0.0.1 --turn-ip 203.0.113.10 --public-url https://checks.example.org \\
      --trust-proxy --keep-days 30

Stops on Ctrl-C or SIGTERM (exit 0), stopping coturn and Janus with it.
`;

function integer(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, not '${text}'`);
  return Number(text);
}

function portRange(flag: string, text: string | undefined, fallback: { min: number; max: number }): { min: number; max: number } {
  if (text === undefined) return fallback;
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  const [min, max] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || min < 1024 || max > 65_535 || min > max) throw new UsageError(`${flag} expects a range such as 49152-49251 (above 1023), not '${text}'`);
  return { min, max };
}

function tlsFiles(cert: string | undefined, key: string | undefined): TlsFiles | undefined {
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  return cert !== undefined && key !== undefined ? { certFile: cert, keyFile: key } : undefined;
}

/** What serve sets up, step by step; each step fills in its part. */
interface ServeEnvironment {
  store: RunStore | null;
  retention: Retention | null;
  turn: ServeTurn | null;
  /** null: --no-janus, or Janus is not installed (mediaServerMissing says so). */
  media: MediaServerSetup | null;
  webhook: Webhook | null;
  http: Listening | null;
}

export const serveCommand: Command = {
  help: HELP,
  async main(args) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS);
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const env = process.env;
    const address = serveAddress(values.host, values['turn-ip']);
    const publicUrl = values['public-url'] === undefined ? null : parsePublicUrl(values['public-url']);
    const port = integer('--port', values.port, DEFAULT_PORT, 0, 65_535);
    const tls = tlsFiles(values['tls-cert'], values['tls-key']);
    const turnPort = integer('--turn-port', values['turn-port'], DEFAULT_TURN_PORT, 0, 65_535);
    const turnsPort = integer('--turns-port', values['turns-port'], DEFAULT_TURNS_PORT, 0, 65_535);
    const keepDays = values['keep-days'] === undefined ? null : integer('--keep-days', values['keep-days'], 0, 1, 36_500);
    const ratePerMinute = integer('--rate-limit', values['rate-limit'], DEFAULT_RATE_PER_MINUTE, 1, 1_000_000);
    const turnSecret = resolveSecret(TURN_SECRET_OPTION, { file: values['turn-secret-file'] }, env);
    const adminToken = resolveSecret(ADMIN_TOKEN_OPTION, { file: values['admin-token-file'] }, env);
    const webhookText = resolveSecret(WEBHOOK_OPTION, { value: values.webhook, file: values['webhook-file'] }, env);
    if (values['no-janus'] && (values.janus !== undefined || values['janus-secret-file'] !== undefined))
      throw new UsageError('--no-janus cannot go with --janus or --janus-secret-file');
    if (values.janus !== undefined) parseJanusUrl(values.janus);
    // Kept apart for the media server step, so coturn does not inherit it.
    const janusEnv: NodeJS.ProcessEnv = { [JANUS_SECRET_OPTION.envVar]: env[JANUS_SECRET_OPTION.envVar] };
    if (values.janus === undefined && (values['janus-secret-file'] !== undefined || env[JANUS_SECRET_OPTION.envVar] !== undefined))
      throw new UsageError('--janus-secret-file goes with --janus (the embedded Janus makes its own secret)');
    // Read once and gone: coturn and Janus must not inherit them.
    for (const option of [TURN_SECRET_OPTION, ADMIN_TOKEN_OPTION, WEBHOOK_OPTION, JANUS_SECRET_OPTION]) delete env[option.envVar];
    const given = givenServers(values.stun ?? [], values.turn ?? [], turnSecret);
    const webhookUrl = webhookText === undefined ? null : checkWebhookUrl(webhookText);
    const adminDigest: AdminTokenDigest | null = adminToken === undefined ? null : adminTokenDigest(adminToken);
    const relay = portRange('--relay-ports', values['relay-ports'], DEFAULT_RELAY_PORTS);
    const mediaPorts = portRange('--media-ports', values['media-ports'], DEFAULT_MEDIA_PORTS);
    if (mediaPorts.min <= relay.max && relay.min <= mediaPorts.max) throw new UsageError('--media-ports and --relay-ports must not overlap');
    const say = (line: string) => void process.stderr.write(line);
    // The public URL, or the listening one with this machine's own address when it listens on every interface.
    const visitorOrigin = (listeningPort: number) => publicUrl?.origin ?? `${tls ? 'https' : 'http'}://${hostInUrl(address.urlHost)}:${listeningPort}`;
    const limiter = (perMinute = ratePerMinute) => new RateLimiter({ capacity: perMinute, refillPerSecond: perMinute / 60, maxClients: MAX_CLIENTS_TRACKED });
    /** Why the visit has no media server check, in the visitor's words; null: it has one. */
    let mediaServerMissing: string | null = values['no-janus'] ? 'this server runs without a media server' : null;

    const environment: ServeEnvironment = { store: null, retention: null, turn: null, media: null, webhook: null, http: null };
    const steps: EnvironmentStep<ServeEnvironment>[] = [
      {
        title: 'run store',
        async setup(e) {
          e.store = await openStore(values.db ?? DEFAULT_DB);
        },
        async teardown(e) {
          await e.store?.close();
        },
      },
      {
        title: 'retention',
        async setup(e) {
          if (keepDays === null || !e.store) return;
          e.retention = startRetention(e.store, {
            keepDays,
            onDeleted: (count, cutoff) => say(`webrtc-harness serve: deleted ${count} run(s) stored before ${cutoff.toISOString()}\n`),
            onError: (error) => say(`webrtc-harness serve: retention sweep failed: ${terminalSafe(String(error))}\n`),
          });
        },
        async teardown(e) {
          await e.retention?.stop();
        },
      },
      {
        title: 'STUN/TURN',
        async setup(e) {
          e.turn = await startServeTurn({
            given,
            secret: turnSecret,
            turnIp: address.turnIp,
            advertisedHost: publicUrl ? publicUrl.hostname.replace(/^\[(.*)\]$/, '$1') : address.turnIp,
            port: turnPort === 0 ? undefined : turnPort,
            tlsPort: tls ? (turnsPort === 0 ? undefined : turnsPort) : undefined,
            relayPorts: relay,
            tlsFiles: tls,
          });
        },
        async teardown(e) {
          await e.turn?.stop();
        },
      },
      {
        title: 'media server',
        async setup(e) {
          if (values['no-janus']) return;
          if (values.janus === undefined) {
            try {
              await assertJanusInstalled();
            } catch (error) {
              if (!(error instanceof EnvironmentError)) throw error;
              say(`webrtc-harness serve: note: ${error.message}; serving without the media server check (${error.remedy ?? 'or give --no-janus'})\n`);
              mediaServerMissing = 'the media server (Janus) is not installed on this server';
              return;
            }
          }
          // Its API on loopback (only serve's proxy calls it); media on the served address, where visitors' calls reach it.
          e.media = await setUpMediaServer(values, { prefix: [], httpIp: '127.0.0.1', mediaIp: address.turnIp, ports: null }, 'serve', janusEnv, mediaPorts);
        },
        async teardown(e) {
          await e.media?.stop();
        },
      },
      {
        title: 'webhook',
        async setup(e) {
          if (webhookUrl) e.webhook = startWebhook(webhookUrl, say);
        },
        async teardown(e) {
          await e.webhook?.close();
        },
      },
      {
        title: 'HTTP server',
        async setup(e) {
          const { store, turn } = e;
          if (!store || !turn) return;
          // A missing build fails now, not at the first visitor.
          renderReadinessPage({ label: null, autostart: false, harnessVersion: HARNESS_VERSION });
          // Set once listening: the webhook's links need the origin the server ends up on.
          let origin = publicUrl?.origin ?? '';
          const app = createServeApp({
            store,
            iceServers: () => ({
              ...mintIceServers(turn.offer),
              mediaServer: mediaServerMissing === null ? { available: true } : { available: false, reason: mediaServerMissing },
            }),
            janus: e.media ? { upstreamUrl: e.media.context.upstreamUrl, apiSecret: e.media.context.apiSecret } : null,
            publicOrigin: publicUrl?.origin ?? null,
            adminToken: adminDigest,
            storeIp: values['store-ip'],
            redactIps: values['redact-ips'],
            onStored: (run) => e.webhook?.notify({ ...run, reportUrl: `${origin}${reportPath(run.id)}` }),
            limits: { iceServers: limiter(), runs: limiter(), janus: limiter(JANUS_RATE_PER_MINUTE) },
            trustProxy: values['trust-proxy'],
            harnessVersion: HARNESS_VERSION,
            say,
          });
          e.http = await listen(app, address.listenHost, port, tls);
          origin = visitorOrigin(e.http.port);
        },
        async teardown(e) {
          await e.http?.close();
        },
      },
    ];

    return inEnvironment(steps, environment, async (e, signal) => {
      if (!e.http || !e.turn || !e.store || signal.aborted) return 0;
      const origin = visitorOrigin(e.http.port);
      const lines = [
        `webrtc-harness serve ${HARNESS_VERSION}: listening on ${e.http.origin}`,
        `  Open this on the machine to check: ${origin}${SERVED_PATHS.page}`,
        `  Admin:  ${adminDigest ? `${origin}${SERVED_PATHS.admin} (the admin token is the password)` : 'closed (give --admin-token-file or WEBRTC_HARNESS_ADMIN_TOKEN)'}`,
        `  Store:  ${e.store.description}${keepDays !== null ? `, runs kept ${keepDays} days` : ''}${values['store-ip'] ? ', visitor addresses kept' : ''}`,
        `  TURN:   ${e.turn.description}`,
        `  Media:  ${
          e.media
            ? `${e.media.description}${values.janus === undefined ? `, media on ${address.turnIp} UDP ${mediaPorts.min}-${mediaPorts.max}` : ''} (visitors reach its API through ${origin}${SERVED_PATHS.janus})`
            : `none (${mediaServerMissing ?? 'not started'})`
        }`,
        ...(isLoopback(address.turnIp) &&
        !isLoopback(new URL(origin).hostname.replace(/^\[(.*)\]$/, '$1')) &&
        values.turn === undefined &&
        values.stun === undefined
          ? ['  Note: coturn listens on loopback, where visitors on other machines cannot reach it: give --turn-ip.']
          : []),
        ...(new URL(origin).protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(new URL(origin).hostname)
          ? [
              '  Note: browsers allow the camera and microphone test only on https:// (or localhost): the other checks run,',
              '        that one is skipped. Give --tls-cert/--tls-key, or put a TLS reverse proxy in front (README).',
            ]
          : []),
        'Stop with Ctrl-C.',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      return 0;
    });
  },
};
