// What a Node-side TLS handshake with a turns:/stuns: server found (harness/tls/handshake.ts
// records it into the run's context; the ICE probes keep it in their raw data), and the pure
// reading of it: which of the problems users meet with turns: it is. Browser-safe: types and
// pure functions only, so evaluate replays from recorded raw data.

/** One certificate of the chain the server sent, leaf first. */
export interface TlsCertificateInfo {
  subject: string;
  issuer: string;
  /** subjectAltName as the certificate carries it, e.g. `IP Address:127.0.0.1, DNS:turn.example.org`. */
  names: string;
  validFrom: string;
  validTo: string;
}

/** The Node-side handshake with one secure ICE server, as recorded (no judgement). */
export interface TlsHandshake {
  url: string;
  host: string;
  port: number;
  /** `completed`: TLS finished (trusted or not); `failed`: TCP connected, TLS did not; `no-connection`: TCP failed; `timeout`: no answer in time. */
  handshake: 'completed' | 'failed' | 'no-connection' | 'timeout';
  /** TCP connect to handshake completed. */
  handshakeMs?: number;
  /** Negotiated protocol, e.g. `TLSv1.3`. */
  protocol?: string;
  /** OpenSSL's verdict on the chain against the trusted authorities (Node's authorizationError code), null: trusted. */
  chainError: string | null;
  /** Why the certificate does not name the URL's host (Node's checkServerIdentity), null: it does. */
  nameError: string | null;
  /** Node's error code and message when the handshake failed or no connection was made. */
  errorCode?: string;
  errorMessage?: string;
  chain: TlsCertificateInfo[];
}

export type TlsProblem = 'untrusted' | 'name-mismatch' | 'expired' | 'handshake-refused' | 'no-connection';

export interface TlsReading {
  problem: TlsProblem | null;
  /** One sentence a support engineer can act on. */
  message: string;
}

/** OpenSSL verify codes (X509_V_ERR_*, as Node names them) meaning: no trusted authority vouches for the certificate. */
const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);
const EXPIRED_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
/** OpenSSL's handshake errors when the two sides share no protocol version (Node codes ERR_SSL_*). */
const VERSION_ERROR = /UNSUPPORTED_PROTOCOL|PROTOCOL_VERSION|NO_PROTOCOLS_AVAILABLE|VERSION_TOO_LOW/i;
/** Node's name check failing, when Node reports it as the authorization error. */
const NAME_ERROR = 'ERR_TLS_CERT_ALTNAME_INVALID';

function leafSummary(h: TlsHandshake): string {
  const leaf = h.chain[0];
  return leaf ? `issued to ${leaf.names || leaf.subject} by ${leaf.issuer}, valid ${leaf.validFrom} to ${leaf.validTo}` : 'no certificate seen';
}

export function readTlsHandshake(h: TlsHandshake): TlsReading {
  const at = `${h.host}:${h.port}`;
  if (h.handshake === 'no-connection' || h.handshake === 'timeout') {
    const why = h.handshake === 'timeout' ? 'no answer in time' : (h.errorCode ?? 'connection failed');
    return { problem: 'no-connection', message: `no TCP connection to ${at} (${why}): nothing listening there, or a firewall drops it` };
  }
  if (h.handshake === 'failed') {
    const detail = `${h.errorCode ?? ''} ${h.errorMessage ?? ''}`;
    const why = VERSION_ERROR.test(detail)
      ? 'the server and the browsers share no TLS version'
      : 'the server refuses the TLS versions browsers speak (1.2, 1.3), or its TLS setup is broken';
    return {
      problem: 'handshake-refused',
      message: `TLS version or handshake refused: TCP to ${at} connects, but no TLS 1.2/1.3 handshake completes (${h.errorCode ?? 'no reason given'}): ${why} (coturn: remove no-tlsv1_2, check that cert and pkey load)`,
    };
  }
  if (h.chainError !== null && EXPIRED_CODES.has(h.chainError)) {
    const leaf = h.chain[0];
    const when = h.chainError === 'CERT_NOT_YET_VALID' ? `not valid before ${leaf?.validFrom ?? '?'}` : `expired ${leaf?.validTo ?? '?'}`;
    return { problem: 'expired', message: `certificate ${when} (${h.chainError}): renew it (${leafSummary(h)})` };
  }
  if (h.chainError !== null && UNTRUSTED_CODES.has(h.chainError)) {
    return {
      problem: 'untrusted',
      message: `untrusted certificate (${h.chainError}): no authority the browser trusts issued it; use a certificate from a public CA (or install your CA on the clients) and serve the full chain (${leafSummary(h)})`,
    };
  }
  if (h.nameError !== null || h.chainError === NAME_ERROR) {
    return {
      problem: 'name-mismatch',
      message: `name mismatch: the URL names ${h.host}, the certificate ${h.chain[0]?.names || h.chain[0]?.subject || 'something else'}; use a turns: URL with a name the certificate carries`,
    };
  }
  if (h.chainError !== null) {
    return { problem: 'untrusted', message: `certificate rejected (${h.chainError}) (${leafSummary(h)})` };
  }
  return {
    problem: null,
    message: `TLS ${h.protocol ?? ''} handshake in ${h.handshakeMs ?? '?'} ms, certificate trusted and naming ${h.host}`.replace('  ', ' '),
  };
}

/** The recorded handshake with the server of `url` (matched without `?transport=`). */
export function handshakeFor(handshakes: readonly TlsHandshake[] | undefined, url: string): TlsHandshake | undefined {
  const key = (u: string) => u.replace(/\?.*$/, '').toLowerCase();
  return handshakes?.find((h) => key(h.url) === key(url));
}
