import { describe, expect, it } from 'vitest';
import { parseCandidate } from './candidate.js';

describe('parseCandidate', () => {
  it('reads a Chromium host candidate with its IP', () => {
    expect(parseCandidate('candidate:1499473851 1 udp 2122194687 192.0.2.2 57688 typ host generation 0 ufrag 5XQD network-id 1')).toMatchObject({
      type: 'host', protocol: 'udp', address: '192.0.2.2', port: 57688, mdns: false, ipVersion: 4,
    });
  });

  it('reads a Firefox mDNS host candidate and a TCP type', () => {
    expect(parseCandidate('candidate:4 1 TCP 2105458943 e6f19311-ec87-4e36-bf44-ecb85c7118aa.local 9 typ host tcptype active')).toMatchObject({
      protocol: 'tcp', tcpType: 'active', mdns: true, ipVersion: null,
    });
  });

  it('reads related address and port of a relay candidate, and IPv6', () => {
    expect(parseCandidate('a=candidate:1 1 udp 25042943 2001:db8::1 49184 typ relay raddr 127.0.0.1 rport 46992')).toMatchObject({
      type: 'relay', ipVersion: 6, relatedAddress: '127.0.0.1', relatedPort: 46992,
    });
  });

  it.each(['', 'candidate:', 'candidate:1 1 sctp 1 1.2.3.4 5 typ host', 'candidate:1 1 udp 1 1.2.3.4 5 type host', 'candidate:1 1 udp 1 1.2.3.4 5 typ bogus'])('rejects %j', (line) => {
    expect(parseCandidate(line)).toBeNull();
  });
});
