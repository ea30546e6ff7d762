// Embedded coturns serving turns: with certificates made wrong on purpose, one per verdict the
// TLS check gives: a trusted one, one from an authority nobody trusts, one for another name,
// an expired one, and a trusted one on a coturn that refuses TLS 1.2 (and, as every coturn of
// this version, 1.3). Real coturn, real certificates (openssl), real browsers judge them; the
// e2e test and the fixture capture share them.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CertificateFiles, issueServerCertificate, makeTestAuthority } from '../../harness/tls/certificates.js';
import type { RefusableTlsVersion } from '../../harness/turn/coturnConfig.js';
import { type EmbeddedTurn, startEmbeddedTurn } from '../../harness/turn/coturn.js';
import type { IceServerEntry } from '../../probes/page-kit/iceServers.js';

export const TURNS_CASES = ['trusted', 'untrusted', 'name-mismatch', 'expired', 'version-refused'] as const;
export type TurnsCase = (typeof TURNS_CASES)[number];

export interface TurnsCases {
  /** The authority the browsers are told to trust (--tls-ca); 'untrusted' is signed by another. */
  authorityFile: string;
  /** Each case's turns: server, with REST API credentials from `secret`. */
  servers: Record<TurnsCase, IceServerEntry>;
  stop(): Promise<void>;
}

/** The names the embedded coturn's turns: URL uses on loopback, and its address. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1'];

export async function startTurnsCases(secret: string): Promise<TurnsCases> {
  const dir = await mkdtemp(join(tmpdir(), 'wh-turns-cases-'));
  const turns: EmbeddedTurn[] = [];
  const stop = async () => {
    await Promise.all(turns.map((t) => t.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await mkdir(join(dir, 'other'));
    const trusted = await makeTestAuthority(dir, 'webrtc-harness e2e trusted authority');
    const other = await makeTestAuthority(join(dir, 'other'), 'webrtc-harness e2e authority nobody trusts');
    const certificates: Record<TurnsCase, CertificateFiles> = {
      trusted: await issueServerCertificate(trusted, dir, 'trusted', { names: LOOPBACK_NAMES, days: 1 }),
      untrusted: await issueServerCertificate(other, dir, 'untrusted', { names: LOOPBACK_NAMES, days: 1 }),
      'name-mismatch': await issueServerCertificate(trusted, dir, 'name-mismatch', { names: ['turn.webrtc-harness.test'], days: 1 }),
      expired: await issueServerCertificate(trusted, dir, 'expired', { names: LOOPBACK_NAMES, days: -1 }),
      'version-refused': await issueServerCertificate(trusted, dir, 'version-refused', { names: LOOPBACK_NAMES, days: 1 }),
    };
    const refused = (name: TurnsCase): RefusableTlsVersion[] | undefined => (name === 'version-refused' ? ['TLSv1', 'TLSv1.1', 'TLSv1.2'] : undefined);
    const servers = {} as Record<TurnsCase, IceServerEntry>;
    for (const name of TURNS_CASES) {
      const refusedTlsVersions = refused(name);
      const turn = await startEmbeddedTurn({
        tls: { kind: 'files', ...certificates[name] },
        sharedSecret: secret,
        ...(refusedTlsVersions ? { refusedTlsVersions } : {}),
      });
      turns.push(turn);
      servers[name] = turn.servers.find((s) => s.scheme === 'turns')!;
    }
    return { authorityFile: trusted.certFile, servers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
