// The ICE server options `run` and `check` share, and turning them into the servers under
// test: the user's, or the embedded coturn when none are given.
import { UsageError } from '../errors.js';
import { type IceServerEntry, parseIceUrl, restApiCredentials } from '../ice/servers.js';
import type { BuiltScenario } from '../network/netns.js';
import { ADDRESSES, SCENARIO_TURN_PORT } from '../network/topology.js';
import type { TeardownStack } from '../teardown.js';
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
      --tls               the embedded coturn also offers turns: with a self-signed certificate
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
  /** `embedded coturn 4.6.1 on 127.0.0.1:34780`, or `user servers`. */
  description: string;
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
  const credentials = secret !== undefined ? restApiCredentials(secret) : values.username !== undefined && credential !== undefined ? { username: values.username, credential } : null;
  const turn = (values.turn ?? []).map((url) => {
    const parsed = parseIceUrl(url);
    if (parsed.scheme !== 'turn' && parsed.scheme !== 'turns') throw new UsageError(`--turn expects a turn: or turns: URL, not '${url}'`);
    if (!credentials) throw new UsageError('TURN servers need credentials: --username and --credential-file (or WEBRTC_HARNESS_TURN_CREDENTIAL), or --turn-secret-file (or WEBRTC_HARNESS_TURN_SECRET)');
    return { ...parsed, ...credentials };
  });
  const secrets = [values.username, credential, secret, credentials?.username, credentials?.credential].filter((s): s is string => s !== undefined);
  return { servers: [...stun, ...turn], secrets, description: 'servers given on the command line' };
}

/**
 * The servers under test. With none given, starts the embedded coturn and pushes its stop on
 * `teardown`. Usage errors are thrown before anything starts. `env` holds the secrets' variables.
 */
export async function setUpIceServers(values: IceOptionValues, teardown: TeardownStack, scenario: BuiltScenario | null, env: NodeJS.ProcessEnv = process.env): Promise<IceSetup> {
  const secrets = iceSecrets(values, env);
  if ((values.stun?.length ?? 0) + (values.turn?.length ?? 0) > 0) {
    if (values.tls) throw new UsageError('--tls configures the embedded coturn; it cannot be combined with --stun/--turn');
    // Scenario namespaces reach nothing outside this machine, by design.
    if (scenario) throw new UsageError('--scenario tests the embedded coturn inside the scenario; it cannot be combined with --stun/--turn');
    return userServers(values, secrets);
  }
  if (values.username !== undefined || secrets.credential !== undefined) throw new UsageError('--username/--credential go with --turn');
  const { startEmbeddedTurn } = await import('../turn/coturn.js');
  const { secret } = secrets;
  const placement = scenario
    ? { listenIp: ADDRESSES.server, alternateIp: ADDRESSES.serverAlternate, port: SCENARIO_TURN_PORT, wrapper: scenario.wrapper(scenario.names.public) }
    : {};
  const turn = await startEmbeddedTurn({ ...placement, tls: values.tls ?? false, ...(secret !== undefined ? { sharedSecret: secret } : {}) });
  teardown.push('embedded coturn', () => turn.stop());
  return { servers: turn.servers, secrets: turn.secrets, description: `embedded coturn on ${turn.listenIp}:${turn.port}${turn.tlsPort ? ` (TLS ${turn.tlsPort})` : ''}` };
}
