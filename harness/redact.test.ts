import { describe, expect, it } from 'vitest';
import { MASK, Redactor, redactArgs } from './redact.js';

describe('Redactor', () => {
  it('masks every occurrence of every secret deep inside results, and leaves field names alone', () => {
    const r = new Redactor({ secrets: ['s3cret', 'wh-1234'], ips: false });
    const out = r.value({ url: 'turn:host?x', user: 'wh-1234', nested: [{ note: 'auth wh-1234:s3cret failed' }], status: 'pass' });
    expect(JSON.stringify(out)).not.toMatch(/s3cret|wh-1234/);
    expect(out.nested[0]?.note).toBe(`auth ${MASK}:${MASK} failed`);
    expect(out.status).toBe('pass');
  });

  it('ignores secrets too short to mask without wrecking the text', () => {
    expect(new Redactor({ secrets: ['u', 'c'], ips: false }).text('chromium status')).toBe('chromium status');
  });

  it('masks the values of credential flags in a command line, in both spellings', () => {
    expect(redactArgs(['check', '--username', 'u', '--credential=c', '--turn-secret', 'north', '--turn', 'turn:h'])).toEqual([
      'check',
      '--username',
      MASK,
      `--credential=${MASK}`,
      '--turn-secret',
      MASK,
      '--turn',
      'turn:h',
    ]);
  });

  it('masks a secret that contains another one whole', () => {
    expect(new Redactor({ secrets: ['abc', 'abcdef'], ips: false }).text('x abcdef y')).toBe(`x ${MASK} y`);
  });

  it('replaces IPv4 and IPv6 addresses with stable pseudonyms and leaves times and versions alone', () => {
    const r = new Redactor({ secrets: [], ips: true });
    const line = 'candidate:1 1 udp 2122194687 192.0.2.2 57688 typ host raddr 203.0.113.7 rport 9';
    expect(r.text(line)).toBe('candidate:1 1 udp 2122194687 ip-1 57688 typ host raddr ip-2 rport 9');
    expect(r.text('relay 192.0.2.2:50000 from fd00::2 and 2001:db8:0:0:1:2:3:4')).toBe('relay ip-1:50000 from ip-3 and ip-4');
    expect(r.text('at 19:11:53, Chromium 156.0.8078.108, Firefox 153.7.0')).toBe('at 19:11:53, Chromium 156.0.8078.108, Firefox 153.7.0');
  });

  it('hides IPv6 addresses in the shapes browsers and URLs write them (candidates, brackets, zones, IPv4-mapped)', () => {
    const r = new Redactor({ secrets: [], ips: true });
    expect(r.text('candidate:2 1 udp 2122262783 2001:db8::5 50123 typ host generation 0')).toBe(
      'candidate:2 1 udp 2122262783 ip-1 50123 typ host generation 0',
    );
    expect(r.text('turn:[2001:db8::1]:3478?transport=udp')).toBe('turn:[ip-2]:3478?transport=udp');
    expect(r.text('host fe80::1%eth0 and c=IN IP6 2001:DB8::5')).toBe('host ip-3%eth0 and c=IN IP6 ip-1');
    expect(r.text('srflx ::ffff:198.51.100.2')).not.toContain('198.51.100.2');
    // The unspecified address in SDP (a=rtcp:9 IN IP6 ::) names no host: kept, so SDP stays readable.
    expect(r.text('a=rtcp:9 IN IP6 ::')).toBe('a=rtcp:9 IN IP6 ::');
  });

  it('leaves everything as it was when there is nothing to redact', () => {
    const value = { a: ['x', 1, null, true], b: { c: '10.0.0.1' } };
    expect(new Redactor({ secrets: [], ips: false }).value(value)).toEqual(value);
  });
});
