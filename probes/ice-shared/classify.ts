// Judges one gathering run against one STUN/TURN server: what a support engineer needs to
// hear ("authentication failed", "unreachable") from candidates, icecandidateerror events
// and timing. Pure: Node-side evaluate functions and their fixture tests use it.
import { type ParsedCandidate, isHost, isRelay, isReflexive, parseCandidate } from '../../core/candidate.js';
import type { CandidateError, ServerRun } from '../page-kit/gather.js';
import type { PublicIceServer } from '../page-kit/iceServers.js';
import { isTurnUrl } from '../page-kit/iceServers.js';
import { droppedByShim, gathererUrls } from './shimFilter.js';
import { type TlsHandshake, type TlsProblem, readTlsHandshake } from './tls.js';

export type Reachability =
  | 'reachable'
  | 'answered-no-nat'
  | 'refused-by-browser'
  | 'dropped-by-shim'
  | 'auth-failed'
  | 'stale-nonce'
  | 'forbidden'
  | 'refused'
  | 'tls-failed'
  | 'tls-untrusted'
  | 'tls-name-mismatch'
  | 'tls-expired'
  | 'tls-handshake-refused'
  | 'unreachable'
  | 'no-candidate'
  | 'error';

export interface ServerVerdict {
  url: string;
  host: string;
  port: number;
  transport: PublicIceServer['transport'];
  secure: boolean;
  reachability: Reachability;
  message: string;
  /** srflx or relay address the server gave, as `ip:port`. */
  address?: string;
  /** Time to the first srflx/relay candidate: the STUN round trip or TURN allocation time. */
  ms?: number;
  errorCode?: number;
  /** Secure servers: the harness's own TLS handshake time (connect to handshake done). */
  tlsHandshakeMs?: number;
}

/** The reachability a TLS problem the harness's handshake found stands for. */
const TLS_REACHABILITY: Readonly<Record<TlsProblem, Reachability>> = {
  untrusted: 'tls-untrusted',
  'name-mismatch': 'tls-name-mismatch',
  expired: 'tls-expired',
  'handshake-refused': 'tls-handshake-refused',
  'no-connection': 'unreachable',
};

export const REACHABLE: readonly Reachability[] = ['reachable', 'answered-no-nat'];

/** TURN/STUN error codes a browser reports in icecandidateerror (RFC 8489 §14.8, RFC 8656 §18; 701 from webrtc-pc). */
const ERROR_CODES: Readonly<Record<number, { reachability: Reachability; text: string }>> = {
  401: { reachability: 'auth-failed', text: 'authentication failed (401 Unauthorized): check the username and credential' },
  438: { reachability: 'stale-nonce', text: 'stale nonce or wrong realm (438): the server kept rejecting the nonce' },
  403: { reachability: 'forbidden', text: 'forbidden (403): the server refuses relaying for this client' },
  486: { reachability: 'error', text: 'allocation quota reached (486)' },
  508: { reachability: 'error', text: 'server out of capacity (508)' },
};

export function candidatesOf(run: ServerRun): ParsedCandidate[] {
  return run.outcome.candidates.map((c) => parseCandidate(c.candidate)).filter((c): c is ParsedCandidate => c !== null);
}

/** Error events about this server. Firefox reports the URL without `?transport=`, so match on scheme, host and port. */
function errorsFor(run: ServerRun): CandidateError[] {
  const server = run.server;
  if (!server) return run.outcome.errors;
  const key = (url: string) => url.replace(/\?.*$/, '').toLowerCase();
  return run.outcome.errors.filter((e) => key(e.url) === key(server.url));
}

const isIpLiteral = (host: string) => /^\[.*\]$|^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);

/**
 * `tls`: the harness's TLS handshake with this (secure) server, when there was one. A browser
 * that fails a turns: server says little (Chromium: error 701 and a short text, Firefox often
 * nothing); the handshake names the certificate's or the protocol's problem.
 */

export function classifyRun(run: ServerRun, tls?: TlsHandshake): ServerVerdict {
  const server = run.server;
  if (!server) throw new Error('classifyRun needs a run against a server');
  const base = { url: server.url, host: server.host, port: server.port, transport: server.transport, secure: server.secure };
  const limit = `${(run.outcome.limitMs / 1000).toFixed(0)} s`;
  if (run.outcome.configError) {
    return { ...base, reachability: 'refused-by-browser', message: `the browser refused this server before contacting it: ${run.outcome.configError}` };
  }
  // Checked before the candidates: a gatherer without servers still completes with host candidates.
  if (droppedByShim(run)) {
    const got = gathererUrls(run);
    return {
      ...base,
      reachability: 'dropped-by-shim',
      message: `never reached RTCIceGatherer: the RTCPeerConnection shim removed it from iceServers (the gatherer got ${got.length ? got.join(', ') : 'no server'}), so it was never asked`,
    };
  }
  const turn = isTurnUrl(server);
  const wanted = run.outcome.candidates.filter((c) => {
    const parsed = parseCandidate(c.candidate);
    return parsed !== null && (turn ? isRelay(parsed) : isReflexive(parsed));
  });
  const first = wanted[0];
  if (first) {
    const parsed = parseCandidate(first.candidate)!;
    const address = `${parsed.address}:${parsed.port}`;
    const what = turn ? `relay ${address} allocated` : `srflx ${address}`;
    const handshakeMs = tls?.handshake === 'completed' ? tls.handshakeMs : undefined;
    const overTls = handshakeMs !== undefined ? `reachable over TLS (${tls?.protocol ?? 'TLS'} handshake ${handshakeMs} ms): ` : 'reachable: ';
    return {
      ...base,
      reachability: 'reachable',
      message: `${overTls}${what} in ${first.atMs} ms`,
      address,
      ms: first.atMs,
      ...(handshakeMs !== undefined ? { tlsHandshakeMs: handshakeMs } : {}),
    };
  }
  const errors = errorsFor(run);
  const tlsProblem = server.secure && tls ? readTlsHandshake(tls) : null;
  if (tlsProblem?.problem) {
    const said = errors.find((e) => e.errorCode === 701 || e.errorText);
    const browserSaid = said ? ` (browser: ${said.errorCode}${said.errorText ? ` ${said.errorText}` : ''})` : '';
    return {
      ...base,
      reachability: TLS_REACHABILITY[tlsProblem.problem],
      message: `${tlsProblem.message}${browserSaid}`,
      ...(said ? { errorCode: said.errorCode } : {}),
    };
  }
  const known = errors.map((e) => ({ e, meaning: ERROR_CODES[e.errorCode] })).find((x) => x.meaning);
  if (known?.meaning) {
    return { ...base, reachability: known.meaning.reachability, message: known.meaning.text, errorCode: known.e.errorCode };
  }
  const completed = run.outcome.completeMs !== null;
  if (!completed) {
    return {
      ...base,
      reachability: 'unreachable',
      message: `unreachable: no answer within ${limit} (nothing listening, or ${server.transport.toUpperCase()} to ${server.host}:${server.port} is blocked)`,
    };
  }
  const connectError = errors.find((e) => e.errorCode === 701);
  if (server.secure && errors.length === 0 && isIpLiteral(server.host)) {
    // Firefox drops turns:/stuns: URLs with an address before ICE starts: no error event, no attempt.
    return {
      ...base,
      reachability: 'refused-by-browser',
      message: `the browser never contacted it: a ${server.scheme}: URL names an IP address, and Firefox uses TURN over TLS only with a host name; use ${server.scheme}:<name on the certificate>:${server.port}`,
    };
  }
  if (server.secure) {
    return {
      ...base,
      reachability: 'tls-failed',
      message: `TLS connection failed${connectError?.errorText ? ` (${connectError.errorText})` : ''}: ${
        tlsProblem
          ? `the harness's own handshake succeeded (${tlsProblem.message}), so the browser refused something else`
          : "nothing listening, or the browser rejected the server's certificate"
      }`,
      ...(connectError ? { errorCode: 701 } : {}),
    };
  }
  if (server.transport === 'tcp') {
    return {
      ...base,
      reachability: 'refused',
      message: `refused: the TCP connection to ${server.host}:${server.port} was refused or closed`,
      ...(connectError ? { errorCode: 701 } : {}),
    };
  }
  if (!turn && candidatesOf(run).some(isHost)) {
    // Gathering completed before our limit, so the server answered; libwebrtc drops an srflx
    // candidate equal to a host candidate, which is what no NAT on the path produces.
    return {
      ...base,
      reachability: 'answered-no-nat',
      message: `answered in under ${run.outcome.completeMs} ms; the mapped address equals a host address (no NAT between browser and server)`,
    };
  }
  const other = errors[0];
  return other
    ? { ...base, reachability: 'error', message: `error ${other.errorCode}${other.errorText ? ` ${other.errorText}` : ''}`, errorCode: other.errorCode }
    : { ...base, reachability: 'no-candidate', message: `no ${turn ? 'relay' : 'srflx'} candidate although gathering completed` };
}
