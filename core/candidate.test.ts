import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../reports/paths.js';
import { parseCandidate } from './candidate.js';

/** Every distinct candidate line anywhere in the recorded raw fixtures (what real browsers gathered). */
function recordedCandidateLines(): string[] {
  const lines = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') {
      if (/^(a=)?candidate:/.test(value)) lines.add(value);
    } else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
  };
  const root = join(PACKAGE_ROOT, 'fixtures', 'raw');
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }))
    if (file.endsWith('.json')) collect(JSON.parse(readFileSync(join(root, file), 'utf8')));
  return [...lines];
}

describe('parseCandidate', () => {
  it('reads a Chromium host candidate with its IP', () => {
    expect(parseCandidate('candidate:1499473851 1 udp 2122194687 192.0.2.2 57688 typ host generation 0 ufrag 5XQD network-id 1')).toMatchObject({
      type: 'host',
      protocol: 'udp',
      address: '192.0.2.2',
      port: 57688,
      mdns: false,
      ipVersion: 4,
    });
  });

  it('reads a Firefox mDNS host candidate and a TCP type', () => {
    expect(parseCandidate('candidate:4 1 TCP 2105458943 e6f19311-ec87-4e36-bf44-ecb85c7118aa.local 9 typ host tcptype active')).toMatchObject({
      protocol: 'tcp',
      tcpType: 'active',
      mdns: true,
      ipVersion: null,
    });
  });

  it('reads related address and port of a relay candidate, and IPv6', () => {
    expect(parseCandidate('a=candidate:1 1 udp 25042943 2001:db8::1 49184 typ relay raddr 127.0.0.1 rport 46992')).toMatchObject({
      type: 'relay',
      ipVersion: 6,
      relatedAddress: '127.0.0.1',
      relatedPort: 46992,
    });
  });

  it('keeps a foundation of digits as its exact text, leading zeros too (the grammar turns digits into numbers)', () => {
    expect(parseCandidate('candidate:0123 1 udp 2122194687 192.0.2.2 57688 typ host')?.foundation).toBe('0123');
    expect(parseCandidate('candidate:1499473851 1 udp 2122194687 192.0.2.2 57688 typ host')?.foundation).toBe('1499473851');
  });

  it('reads every candidate line the browsers recorded in fixtures/raw', () => {
    const lines = recordedCandidateLines();
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.filter((line) => parseCandidate(line) === null)).toEqual([]);
  });

  it.each([
    '',
    'candidate:',
    'candidate:1 1 udp  192.0.2.2 5 typ host',
    'candidate:1 1 sctp 1 1.2.3.4 5 typ host',
    'candidate:1 1 udp 1 1.2.3.4 5 type host',
    'candidate:1 1 udp 1 1.2.3.4 5 typ bogus',
  ])('rejects %j', (line) => {
    expect(parseCandidate(line)).toBeNull();
  });
});
