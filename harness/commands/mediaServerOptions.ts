// The media server options `run` and `check` share, and turning them into the Janus under
// test: the user's (--janus URL with its API secret), or the embedded Janus when none is given.
import { UsageError } from '../errors.js';
import type { MediaServerPlacement } from '../network/placement.js';
import type { MediaServerContext } from '../../probes/types.js';
import { type SecretOption, resolveSecret } from './secretOption.js';

export const MEDIA_SERVER_OPTIONS = {
  janus: { type: 'string' },
  'janus-secret-file': { type: 'string' },
} as const;

export const MEDIA_SERVER_HELP = `Media server (for server-echo; default: an embedded Janus with the EchoTest plugin, a fresh
API secret, beside the embedded coturn):
      --janus URL         your Janus's HTTP API instead, e.g. https://janus.example.org/janus
      --janus-secret-file F  its api_secret, read from file F (or set WEBRTC_HARNESS_JANUS_SECRET)
`;

export interface MediaServerOptionValues {
  janus?: string | undefined;
  'janus-secret-file'?: string | undefined;
}

/** No command-line spelling: a secret on the command line is shown by ps to every user. */
export const JANUS_SECRET_OPTION: SecretOption = { flag: '--janus-secret', fileFlag: '--janus-secret-file', envVar: 'WEBRTC_HARNESS_JANUS_SECRET' };

export interface MediaServerSetup {
  context: MediaServerContext;
  /** Strings to mask in every output. */
  secrets: string[];
  /** `embedded Janus on 127.0.0.1:34780`, or `Janus at URL`. */
  description: string;
  /** The embedded Janus's admin API (for cross-checks); null for the user's. */
  admin: { url: string; secret: string } | null;
  /** The embedded Janus's process id (for CPU figures); null for the user's. */
  pid: number | null;
  /** Stops the embedded Janus; nothing for the user's. */
  stop(): Promise<void>;
}

/** A --janus URL: http(s) only, no credentials in it, shown back without query or fragment. */
export function parseJanusUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `--janus expects the URL of a Janus HTTP API, e.g. http://janus.example.org:8088/janus, not '${text.replace(/\/\/[^@/]*@/, '//***@')}'`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--janus expects an http: or https: URL, not ${url.protocol}`);
  if (url.username || url.password) throw new UsageError('--janus: give the API secret with --janus-secret-file, not in the URL');
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * The media server under test: the user's when --janus is given (its secret from the file or
 * the variable, which is then removed from the environment), else the embedded Janus started
 * where `placement` puts it. Usage errors are thrown before anything starts.
 */
export async function setUpMediaServer(
  values: MediaServerOptionValues,
  placement: MediaServerPlacement,
  scenario: string,
  env: NodeJS.ProcessEnv = process.env,
  /** The embedded Janus's RTP ports (default: a random block). */
  rtpPorts?: { min: number; max: number },
): Promise<MediaServerSetup> {
  const secret = resolveSecret(JANUS_SECRET_OPTION, { file: values['janus-secret-file'] }, env);
  delete env[JANUS_SECRET_OPTION.envVar];
  if (values.janus !== undefined) {
    const url = parseJanusUrl(values.janus);
    if (placement.prefix.length)
      throw new UsageError(`--scenario ${scenario} tests the embedded Janus inside the scenario; it cannot be combined with --janus`);
    const label = url.href.replace(/\/$/, '');
    return {
      context: { upstreamUrl: label, label, apiSecret: secret ?? '' },
      secrets: secret === undefined ? [] : [secret],
      description: `Janus at ${label}`,
      admin: null,
      pid: null,
      stop: async () => undefined,
    };
  }
  if (secret !== undefined) throw new UsageError('--janus-secret-file goes with --janus (the embedded Janus makes its own secret)');
  const { startEmbeddedJanus } = await import('../janus/janus.js');
  const janus = await startEmbeddedJanus(placement, rtpPorts);
  return {
    context: { upstreamUrl: janus.apiUrl, label: janus.apiUrl, apiSecret: janus.apiSecret },
    secrets: janus.secrets,
    description: `embedded Janus on ${janus.apiUrl}`,
    admin: { url: janus.adminUrl, secret: janus.adminSecret },
    pid: janus.server.child.pid ?? null,
    stop: () => janus.stop(),
  };
}
