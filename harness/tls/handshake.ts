// The Node-side TLS check of a turns:/stuns: server: one TLS handshake to the URL's host and
// port, trusting what a launched browser trusts (Node's bundled roots plus the run's
// authorities), recording the chain the server sent and what is wrong with it. It only
// records; probes/ice-shared/tls.ts reads the record, so judging replays from raw data.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { type DetailedPeerCertificate, type PeerCertificate, checkServerIdentity, connect, rootCertificates } from 'node:tls';
import type { IceServerUrl } from '../../probes/page-kit/iceServers.js';
import type { TlsCertificateInfo, TlsHandshake } from '../../probes/ice-shared/tls.js';

export const TLS_CHECK_TIMEOUT_MS = 3_000;

function certificateInfo(cert: PeerCertificate): TlsCertificateInfo {
  const name = (subject: PeerCertificate['subject'] | undefined) =>
    subject
      ? Object.entries(subject)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')
      : '';
  return { subject: name(cert.subject), issuer: name(cert.issuer), names: cert.subjectaltname ?? '', validFrom: cert.valid_from, validTo: cert.valid_to };
}

/** The chain as sent, leaf first; stops where a certificate names itself as issuer (a root, or a loop). */
function chainOf(leaf: DetailedPeerCertificate): TlsCertificateInfo[] {
  const chain: TlsCertificateInfo[] = [];
  let cert: DetailedPeerCertificate | undefined = leaf;
  while (cert && Object.keys(cert).length > 0 && chain.length < 8) {
    chain.push(certificateInfo(cert));
    if (cert.issuerCertificate === cert) break;
    cert = cert.issuerCertificate;
  }
  return chain;
}

/** Node's bundled roots plus the run's authorities, read once per check. */
export async function trustedAuthorities(authorityFiles: readonly string[]): Promise<string[]> {
  return [...rootCertificates, ...(await Promise.all(authorityFiles.map((file) => readFile(file, 'utf8'))))];
}

/**
 * One handshake with `server`. Verification is done by hand after the handshake (not by
 * rejecting it), so an untrusted or misnamed certificate is still read and described.
 */
export function checkTls(server: IceServerUrl, ca: readonly string[], timeoutMs = TLS_CHECK_TIMEOUT_MS): Promise<TlsHandshake> {
  const base = { url: server.url, host: server.host, port: server.port, chainError: null, nameError: null, chain: [] };
  const host = server.host.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    let connectedAt: number | null = null;
    const socket = connect({
      host,
      port: server.port,
      ca: [...ca],
      // SNI carries names only, never addresses (RFC 6066 §3), as browsers do.
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      // What browsers speak: a server that refuses these refuses every browser.
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
    });
    const finish = (result: TlsHandshake) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    // Connected but silent is a refused handshake (coturn with no-tlsv1_2 just waits), not a missing connection.
    const timer = setTimeout(
      () =>
        finish(
          connectedAt === null
            ? { ...base, handshake: 'timeout' }
            : {
                ...base,
                handshake: 'failed',
                errorCode: 'TLS_NO_ANSWER',
                errorMessage: `connected, but no answer to the TLS handshake within ${timeoutMs} ms`,
              },
        ),
      timeoutMs,
    );
    socket.once('connect', () => (connectedAt = performance.now()));
    socket.once('secureConnect', () => {
      const handshakeMs = connectedAt === null ? undefined : Math.round(performance.now() - connectedAt);
      const leaf = socket.getPeerCertificate(true);
      const hasLeaf = Object.keys(leaf).length > 0;
      const named = hasLeaf ? checkServerIdentity(host, leaf) : new Error('the server sent no certificate');
      const protocol = socket.getProtocol();
      finish({
        ...base,
        handshake: 'completed',
        ...(handshakeMs !== undefined ? { handshakeMs } : {}),
        ...(protocol ? { protocol } : {}),
        chainError: socket.authorized ? null : String(socket.authorizationError ?? 'UNKNOWN'),
        nameError: named ? named.message : null,
        chain: hasLeaf ? chainOf(leaf) : [],
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      finish({
        ...base,
        handshake: connectedAt === null ? 'no-connection' : 'failed',
        ...(error.code ? { errorCode: error.code } : {}),
        errorMessage: error.message.slice(0, 300),
      });
    });
  });
}

/** Every secure server of the run (turns:, stuns:), checked at once. */
export async function checkSecureServers(servers: readonly IceServerUrl[], authorityFiles: readonly string[]): Promise<TlsHandshake[]> {
  const secure = servers.filter((s) => s.secure);
  if (secure.length === 0) return [];
  const ca = await trustedAuthorities(authorityFiles);
  return Promise.all(secure.map((server) => checkTls(server, ca)));
}
