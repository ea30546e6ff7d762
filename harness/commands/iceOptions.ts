// The ICE server options `run` and `check` share, and turning them into the servers under
// test: the user's, or the embedded coturn when none are given.
import { UsageError } from '../errors.js';
import { type IceServerEntry, parseIceUrl, restApiCredentials } from '../ice/servers.js';
import type { NetworkPlacement, TurnPlacement } from '../network/placement.js';
import type { EmbeddedTurnOptions, TurnTlsCertificate } from '../turn/coturn.js';
import { LOOPBACK } from '../network/scenarios.js';
import { type SecretOption, resolveSecret } from './secretOption.js';

export const ICE_OPTIONS = {
  stun: { type: 'string', multiple: true },
  turn: { type: 'string', multiple: true },
  username: { type: 'string' },
  credential: { type: 'string' },
  'credential-file': { type: 'string' },
  'turn-secret': { type: 'string' },
  'turn-secret-file': { type: 'string' },
  tls: { type: 'boolean', default: false },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-ca': { type: 'string', multiple: true },
  'redact-ips': { type: 'boolean', default: false },
} as const;

export const ICE_HELP = `ICE servers (default: an embedded coturn on 127.0.0.1 with fresh credentials,
offering stun:, turn: over UDP and TCP):
      --stun URL          STUN server, e.g. stun:stun.example.org:3478; repeat for several
      --turn URL          TURN server: turn:host:3478?transport=udp|tcp, turns:host:443; repeat
      --username U        TURN username (long-term credentials)
      --credential-file F TURN password, read from file F (one trailing newline is dropped);
                          or set WEBRTC_HARNESS_TURN_CREDENTIAL
      --turn-secret-file F  shared secret, read from file F, or set WEBRTC_HARNESS_TURN_SECRET:
                          make TURN REST API credentials as coturn's use-auth-secret expects
                          (with no --turn: the embedded coturn uses it)
      --credential C, --turn-secret S  the same on the command line, where every user of
                          this machine sees it (ps): prefer the file or the variable
      --tls               the embedded coturn also offers turns: (TLS over TCP), with a certificate
                          for its address from a test authority made for this run; the browsers
                          the harness launches trust that authority for this run only (their own
                          NSS database, never the machine's trust store)
      --tls-cert F --tls-key F  with --tls: the embedded coturn uses your certificate (PEM chain)
                          and key instead
      --tls-ca F          the launched browsers (and the TLS check) also trust this authority
                          (PEM) for this run, e.g. your company's private CA; repeat for several
      --redact-ips        replace IP addresses in every output with stable pseudonyms (ip-1...)
Credentials never appear in any output: they are masked as ***.
`;

export interface IceOptionValues {
  stun?: string[] | undefined;
  turn?: string[] | undefined;
  username?: string | undefined;
  credential?: string | undefined;
  'credential-file'?: string | undefined;
  'turn-secret'?: string | undefined;
  'turn-secret-file'?: string | undefined;
  tls?: boolean | undefined;
  'tls-cert'?: string | undefined;
  'tls-key'?: string | undefined;
  'tls-ca'?: string[] | undefined;
  'redact-ips'?: boolean | undefined;
}

export const CREDENTIAL_OPTION: SecretOption = { flag: '--credential', fileFlag: '--credential-file', envVar: 'WEBRTC_HARNESS_TURN_CREDENTIAL' };
export const TURN_SECRET_OPTION: SecretOption = { flag: '--turn-secret', fileFlag: '--turn-secret-file', envVar: 'WEBRTC_HARNESS_TURN_SECRET' };

/** The secrets, each from its flag, file or environment variable. */
interface IceSecrets {
  credential: string | undefined;
  secret: string | undefined;
}

function iceSecrets(values: IceOptionValues, env: NodeJS.ProcessEnv): IceSecrets {
  const secrets = {
    credential: resolveSecret(CREDENTIAL_OPTION, { value: values.credential, file: values['credential-file'] }, env),
    secret: resolveSecret(TURN_SECRET_OPTION, { value: values['turn-secret'], file: values['turn-secret-file'] }, env),
  };
  // Read once and gone, so that coturn and the browsers we start do not inherit them.
  delete env[CREDENTIAL_OPTION.envVar];
  delete env[TURN_SECRET_OPTION.envVar];
  return secrets;
}

export interface IceSetup {
  servers: IceServerEntry[];
  /** Strings to mask in every output. */
  secrets: string[];
  /** `embedded coturn on 127.0.0.1:34780`, or `servers given on the command line`. */
  description: string;
  /** Authorities (PEM files) the launched browsers and the TLS check trust for this run: the run's own (--tls), --tls-ca. */
  trustedAuthorityFiles: string[];
  /** Stops what was started for them (the embedded coturn); nothing for the user's servers. */
  stop(): Promise<void>;
}

function userServers(values: IceOptionValues, { credential, secret }: IceSecrets): IceSetup {
  const stun = (values.stun ?? []).map((url) => {
    const parsed = parseIceUrl(url);
    if (parsed.scheme !== 'stun' && parsed.scheme !== 'stuns') throw new UsageError(`--stun expects a stun: URL, not '${url}' (use --turn for TURN)`);
    return parsed;
  });
  if (secret !== undefined && (values.username !== undefined || credential !== undefined)) {
    throw new UsageError('give either --turn-secret or --username/--credential, not both');
  }
  const credentials =
    secret !== undefined
      ? restApiCredentials(secret)
      : values.username !== undefined && credential !== undefined
        ? { username: values.username, credential }
        : null;
  const turn = (values.turn ?? []).map((url) => {
    const parsed = parseIceUrl(url);
    if (parsed.scheme !== 'turn' && parsed.scheme !== 'turns') throw new UsageError(`--turn expects a turn: or turns: URL, not '${url}'`);
    if (!credentials)
      throw new UsageError(
        'TURN servers need credentials: --username and --credential-file (or WEBRTC_HARNESS_TURN_CREDENTIAL), or --turn-secret-file (or WEBRTC_HARNESS_TURN_SECRET)',
      );
    return { ...parsed, ...credentials };
  });
  const secrets = [values.username, credential, secret, credentials?.username, credentials?.credential].filter((s): s is string => s !== undefined);
  return {
    servers: [...stun, ...turn],
    secrets,
    description: 'servers given on the command line',
    trustedAuthorityFiles: [...(values['tls-ca'] ?? [])],
    stop: async () => undefined,
  };
}

/** The embedded coturn's certificate: the run's own with --tls, the operator's with --tls-cert/--tls-key; none without --tls. */
function turnTlsCertificate(values: IceOptionValues): TurnTlsCertificate | undefined {
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  if (!values.tls) {
    if (cert !== undefined) throw new UsageError("--tls-cert/--tls-key configure the embedded coturn's turns:; add --tls");
    return undefined;
  }
  return cert !== undefined && key !== undefined ? { kind: 'files', certFile: cert, keyFile: key } : { kind: 'run-authority' };
}

/** coturn's options that put it where the network says, on the ports the network lets through. */
export function embeddedTurnAt({ prefix, listenIp, alternateIp, ipv6, tlsHostName, ports }: TurnPlacement): EmbeddedTurnOptions {
  return {
    listenIp,
    ...(alternateIp !== undefined ? { alternateIp } : {}),
    ...(ipv6 ? { ipv6 } : {}),
    ...(tlsHostName !== undefined ? { tlsHostName } : {}),
    ...ports,
    wrapper: prefix,
  };
}

/**
 * The servers under test. With none given, starts the embedded coturn where `network` puts it,
 * on the ports it lets through; `stop` stops it. Usage errors are thrown before anything starts.
 * `env` holds the secrets' variables.
 */
export async function setUpIceServers(values: IceOptionValues, network: NetworkPlacement, env: NodeJS.ProcessEnv = process.env): Promise<IceSetup> {
  const secrets = iceSecrets(values, env);
  const tls = turnTlsCertificate(values);
  if ((values.stun?.length ?? 0) + (values.turn?.length ?? 0) > 0) {
    if (values.tls) throw new UsageError('--tls configures the embedded coturn; it cannot be combined with --stun/--turn');
    // Scenario namespaces reach nothing outside this machine, by design.
    if (network.scenario !== LOOPBACK)
      throw new UsageError('--scenario tests the embedded coturn inside the scenario; it cannot be combined with --stun/--turn');
    return userServers(values, secrets);
  }
  if (values.username !== undefined || secrets.credential !== undefined) throw new UsageError('--username/--credential go with --turn');
  const { startEmbeddedTurn } = await import('../turn/coturn.js');
  const { secret } = secrets;
  const turn = await startEmbeddedTurn({
    ...embeddedTurnAt(network.turn),
    ...(tls ? { tls } : {}),
    ...(secret !== undefined ? { sharedSecret: secret } : {}),
  });
  return {
    servers: turn.servers,
    secrets: turn.secrets,
    description: `embedded coturn on ${turn.listenIp}:${turn.port}${turn.tlsPort ? ` (TLS ${turn.tlsPort})` : ''}`,
    trustedAuthorityFiles: [...(turn.authorityFile ? [turn.authorityFile] : []), ...(values['tls-ca'] ?? [])],
    stop: () => turn.stop(),
  };
}
