import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../test/support/fixtures.js';
import { type TlsHandshake, handshakeFor, readTlsHandshake } from './tls.js';
import type { ReachabilityRaw } from './types.js';

// The harness's own handshakes with the five turns: coturns of test/support/turnsCases.ts, in
// their order: trusted, untrusted, name-mismatch, expired, TLS 1.2 (and with it 1.3) refused.
const recorded = loadRawFixture<ReachabilityRaw>('turn-reachability', 'chromium-turns-certificate-cases.json').tls!;

describe('reading the recorded TLS handshake with a turns: server', () => {
  it('names each certificate case for what it is', () => {
    expect(recorded.map((h) => readTlsHandshake(h).problem)).toEqual([null, 'untrusted', 'name-mismatch', 'expired', 'handshake-refused']);
  });

  it('the trusted server: handshake time and protocol, no problem', () => {
    expect(readTlsHandshake(recorded[0]!).message).toMatch(/^TLS TLSv1\.\d handshake in \d+ ms, certificate trusted and naming localhost$/);
  });

  it('a refused handshake is told apart from a missing connection', () => {
    const silent = recorded[4]!;
    expect(silent.handshake).toBe('failed');
    const noConnection: TlsHandshake = { ...silent, handshake: 'no-connection', errorCode: 'ECONNREFUSED' };
    expect(readTlsHandshake(noConnection)).toMatchObject({ problem: 'no-connection', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('an explicit protocol-version alert is named as such', () => {
    const alert: TlsHandshake = { ...recorded[4]!, errorCode: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' };
    expect(readTlsHandshake(alert).message).toContain('the server and the browsers share no TLS version');
  });

  it('finds the handshake of a URL whatever its ?transport= says', () => {
    const url = recorded[2]!.url.replace(/\?.*$/, '');
    expect(handshakeFor(recorded, url)).toBe(recorded[2]);
    expect(handshakeFor(undefined, url)).toBeUndefined();
  });
});

describe('the TLS handshakes drill-down table', () => {
  it('one row per recorded handshake, with its problem and certificate; none for raw data without handshakes', async () => {
    const { gatheringTables } = await import('./tables.js');
    const raw = loadRawFixture<ReachabilityRaw>('turn-reachability', 'chromium-turns-certificate-cases.json');
    const table = gatheringTables(raw).find((t) => t.title.startsWith('TLS handshakes'))!;
    expect(table.rows).toHaveLength(5);
    expect(table.rows[1]![4]).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(table.rows[3]![4]).toBe('CERT_HAS_EXPIRED');
    expect(table.rows[0]![5]).toContain('DNS:localhost');
    expect(gatheringTables({ ...raw, tls: undefined }).map((t) => t.title)).toEqual(['Candidates', 'Candidate errors']);
    expect(gatheringTables({ runs: [], tls: [null, 7, { chain: 'x' }] }).at(-1)!.rows).toHaveLength(1);
  });
});
