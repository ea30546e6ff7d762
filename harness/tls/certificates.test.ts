import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { issueServerCertificate, makeTestAuthority, subjectAltName } from './certificates.js';

describe('subjectAltName', () => {
  it('IP entries for addresses (browsers match IP URLs only against these), DNS entries for names', () => {
    expect(subjectAltName(['turn.example.test', '127.0.0.1', '2001:db8::1'])).toBe('DNS:turn.example.test,IP:127.0.0.1,IP:2001:db8::1');
  });

  it('refuses what is neither, so nothing else reaches the openssl extensions file', () => {
    expect(() => subjectAltName(['bad name\nbasicConstraints=CA:TRUE'])).toThrow(/neither an IP address nor a DNS name/);
    expect(() => subjectAltName([])).toThrow(/at least one name/);
  });
});

describe('the test authority and its server certificates (real openssl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wh-certs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('issues a certificate that verifies against the authority, for the names asked, and an expired one when asked', async () => {
    const authority = await makeTestAuthority(dir, 'unit test authority');
    const good = await issueServerCertificate(authority, dir, 'good', { names: ['localhost', '127.0.0.1'], days: 1 });
    const expired = await issueServerCertificate(authority, dir, 'expired', { names: ['localhost'], days: -1 });
    const ca = new X509Certificate(readFileSync(authority.certFile));
    const cert = new X509Certificate(readFileSync(good.certFile));
    expect(ca.ca).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(new Date(new X509Certificate(readFileSync(expired.certFile)).validTo).getTime()).toBeLessThan(Date.now());
    // openssl verify agrees: the chain is real, not only parseable.
    expect(execFileSync('openssl', ['verify', '-CAfile', authority.certFile, good.certFile], { encoding: 'utf8' })).toContain(': OK');
  });
});
