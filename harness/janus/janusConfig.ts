// The embedded Janus's configuration, generated from data: the core (janus.jcfg), the HTTP
// transport (API and admin API) and the EchoTest plugin, nothing else. Pure; values that the
// jcfg (libconfig) syntax could not hold plainly are refused before anything is written.
import { isIP } from 'node:net';

export interface JanusConfigOptions {
  /** The folder these files go to (janus -F). */
  configsFolder: string;
  /** Folders holding only the EchoTest plugin and the HTTP transport: Janus loads every library it finds there. */
  pluginsFolder: string;
  transportsFolder: string;
  /** An empty folder: no event handler or logger is loaded. */
  emptyFolder: string;
  apiSecret: string;
  adminSecret: string;
  /** Address the API and admin API listen on. */
  httpIp: string;
  httpPort: number;
  adminPort: number;
  /** The one address Janus gathers ICE candidates on (and writes into its SDP). */
  mediaIp: string;
  rtpPortRange: { min: number; max: number };
}

export type JanusConfigFiles = Readonly<Record<'janus.jcfg' | 'janus.transport.http.jcfg' | 'janus.plugin.echotest.jcfg', string>>;

/** The Janus API's path on the HTTP transport, and the admin API's. */
export const API_PATH = '/janus';
export const ADMIN_PATH = '/admin';

/** A jcfg string: quoted; a value with a quote, backslash or control character is refused, never escaped. */
function text(name: string, value: string): string {
  if (/["\\\u0000-\u001f\u007f]/.test(value) || value === '') throw new Error(`janus config: ${name} must be plain text without quotes, not '${value}'`);
  return `${name} = "${value}"`;
}

function port(name: string, value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 65_535) throw new Error(`janus config: ${name} must be a port number, not ${value}`);
  return `${name} = ${value}`;
}

function address(name: string, value: string): string {
  if (isIP(value) === 0) throw new Error(`janus config: ${name} must be an IP address, not '${value}'`);
  return text(name, value);
}

function secret(name: string, value: string): string {
  // Generated secrets are hex; a user's secret never goes into our config.
  if (!/^[A-Za-z0-9_-]{16,}$/.test(value)) throw new Error(`janus config: ${name} must be at least 16 letters, digits, '-' or '_'`);
  return text(name, value);
}

const section = (name: string, lines: readonly string[]) => `${name}: {\n${lines.map((line) => `\t${line}`).join('\n')}\n}\n`;

export function renderJanusConfig(o: JanusConfigOptions): JanusConfigFiles {
  const { min, max } = o.rtpPortRange;
  port('rtp_port_range min', min);
  port('rtp_port_range max', max);
  if (min > max) throw new Error(`janus config: rtp_port_range ${min}-${max} is empty`);
  const core = [
    '# written by webrtc-harness for one run: EchoTest and the HTTP transport only',
    section('general', [
      text('configs_folder', o.configsFolder),
      text('plugins_folder', o.pluginsFolder),
      text('transports_folder', o.transportsFolder),
      text('events_folder', o.emptyFolder),
      text('loggers_folder', o.emptyFolder),
      // 4 (info) prints the lines start-up is judged by ("HTTP webserver started ...").
      'debug_level = 4',
      'debug_colors = false',
      secret('api_secret', o.apiSecret),
      secret('admin_secret', o.adminSecret),
      // The address written into Janus's SDP: where its media is.
      address('interface', o.mediaIp),
      'server_name = "webrtc-harness"',
      'session_timeout = 60',
      'hide_dependencies = true',
    ]),
    section('media', [`rtp_port_range = "${min}-${max}"`]),
    section('nat', [
      // No stun_server: Janus asks nothing outside this machine. Candidates on the one address
      // the path under test leads to (enforce wins over every other interface), no mDNS lookups.
      address('ice_enforce_list', o.mediaIp),
      'ignore_mdns = true',
      'nice_debug = false',
    ]),
    section('plugins', []),
    section('transports', []),
    section('events', ['broadcast = false']),
  ].join('\n');
  const http = [
    '# written by webrtc-harness: the Janus API and the admin API, plain HTTP on one address',
    section('general', ['json = "plain"', text('base_path', API_PATH), 'http = true', port('port', o.httpPort), address('ip', o.httpIp), 'https = false']),
    section('admin', [
      text('admin_base_path', ADMIN_PATH),
      'admin_http = true',
      port('admin_port', o.adminPort),
      address('admin_ip', o.httpIp),
      'admin_https = false',
    ]),
    // Browsers reach the API through the page server's proxy (same origin), never directly:
    // an origin that no page has keeps other pages from reading Janus's answers.
    section('cors', ['allow_origin = "http://webrtc-harness.invalid"']),
  ].join('\n');
  return {
    'janus.jcfg': core,
    'janus.transport.http.jcfg': http,
    'janus.plugin.echotest.jcfg': `# written by webrtc-harness\n${section('general', ['events = false'])}`,
  };
}
