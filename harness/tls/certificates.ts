// A test certificate authority of the run's own, and server certificates it issues, made with
// the openssl CLI (node:crypto cannot sign X.509). Called with argument lists, never through a
// shell. The embedded coturn serves turns: with such a certificate, the browsers the harness
// launches trust the authority for that run only (harness/tls/nssTrust.ts), and tests issue
// deliberately broken certificates (wrong name, expired, unknown authority) with the same code.
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError } from '../errors.js';

const execFileAsync = promisify(execFile);

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

/** A certificate authority: its certificate (what browsers are told to trust) and its signing key. */
export interface TestAuthority extends CertificateFiles {
  commonName: string;
}

export interface ServerCertificateRequest {
  /** Names the certificate is valid for: IP addresses and DNS names (subjectAltName). */
  names: readonly string[];
  /** Valid from now for this many days; negative: its notAfter lies that many days in the past (expired). */
  days: number;
}

/** P-256 keys: what every browser and coturn's OpenSSL accept, and fast to make. */
const KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function openssl(args: readonly string[], what: string): Promise<void> {
  await execFileAsync('openssl', args, { timeout: 15_000 }).catch((error: unknown) => {
    throw new EnvironmentError(
      `openssl could not make ${what}: ${String(error instanceof Error ? error.message : error)}`,
      'install openssl: sudo apt-get install openssl',
    );
  });
}

/** A subjectAltName entry: `IP:` for addresses (browsers match an IP URL only against these), `DNS:` for names. */
export function subjectAltName(names: readonly string[]): string {
  if (names.length === 0) throw new Error('a server certificate needs at least one name');
  return names
    .map((name) => {
      if (isIP(name)) return `IP:${name}`;
      if (!/^[A-Za-z0-9.-]+$/.test(name)) throw new Error(`'${name}' is neither an IP address nor a DNS name`);
      return `DNS:${name}`;
    })
    .join(',');
}

/** A self-signed authority in `dir` (ca.pem, ca.key), valid for two days. */
export async function makeTestAuthority(dir: string, commonName: string): Promise<TestAuthority> {
  const files = { certFile: join(dir, 'ca.pem'), keyFile: join(dir, 'ca.key') };
  await openssl(
    [
      'req',
      '-x509',
      ...KEY_ARGS,
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout',
      files.keyFile,
      '-out',
      files.certFile,
    ],
    'a test certificate authority',
  );
  return { ...files, commonName };
}

/**
 * A server certificate issued by `authority`, as `<dir>/<base>.pem` and `<base>.key`. The
 * certificate signing request and the extensions file are removed again.
 */
export async function issueServerCertificate(
  authority: TestAuthority,
  dir: string,
  base: string,
  request: ServerCertificateRequest,
): Promise<CertificateFiles> {
  const files = { certFile: join(dir, `${base}.pem`), keyFile: join(dir, `${base}.key`) };
  const csr = join(dir, `${base}.csr`);
  const extensions = join(dir, `${base}.ext`);
  await writeFile(
    extensions,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${subjectAltName(request.names)}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  try {
    await openssl(['req', '-new', ...KEY_ARGS, '-subj', `/CN=${request.names[0]}`, '-keyout', files.keyFile, '-out', csr], 'a certificate request');
    // openssl 3.0's x509 has no -not_after; -days below zero puts notAfter before now: expired.
    await openssl(
      [
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        authority.certFile,
        '-CAkey',
        authority.keyFile,
        '-set_serial',
        `0x${Date.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`,
        '-days',
        String(request.days),
        '-extfile',
        extensions,
        '-out',
        files.certFile,
      ],
      'a server certificate',
    );
  } finally {
    await rm(csr, { force: true });
    await rm(extensions, { force: true });
  }
  return files;
}
