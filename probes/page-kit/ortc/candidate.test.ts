import { describe, expect, it } from 'vitest';
import { loadRawFixture } from '../../../test/support/fixtures.js';
import type { IceCandidatesRaw } from '../../ice-candidates/types.js';
import { parseCandidate } from '../../../core/candidate.js';
import { iceParametersOf, newIceParameters, toOrtcCandidate, withIceParameters } from './candidate.js';

describe('native candidate lines as ORTC RTCIceCandidate dictionaries', () => {
  it('carries host, relay and TCP candidates over field by field (lines Chromium gathered against coturn)', () => {
    expect(toOrtcCandidate('candidate:3809130936 1 udp 2122194687 192.0.2.2 59527 typ host generation 0 ufrag l+/1 network-id 1')).toEqual({
      foundation: '3809130936',
      priority: 2122194687,
      ip: '192.0.2.2',
      protocol: 'udp',
      port: 59527,
      type: 'host',
    });
    expect(
      toOrtcCandidate('candidate:2126980922 1 udp 58597375 127.0.0.1 56728 typ relay raddr 192.0.2.2 rport 55870 generation 0 ufrag YXKa network-id 1'),
    ).toEqual({
      foundation: '2126980922',
      priority: 58597375,
      ip: '127.0.0.1',
      protocol: 'udp',
      port: 56728,
      type: 'relay',
      relatedAddress: '192.0.2.2',
      relatedPort: 55870,
    });
    expect(toOrtcCandidate('candidate:497052972 1 tcp 1518214911 192.0.2.2 9 typ host tcptype active generation 0 ufrag l+/1 network-id 1')).toMatchObject({
      protocol: 'tcp',
      tcpType: 'active',
      port: 9,
    });
  });

  it('keeps every field of every candidate in the real captures (nothing ORTC can express is lost)', () => {
    for (const browser of ['chromium', 'firefox']) {
      for (const run of loadRawFixture<IceCandidatesRaw>('ice-candidates', `${browser}-adapter-off.json`).runs) {
        for (const { candidate: line } of run.outcome.candidates) {
          const parsed = parseCandidate(line)!;
          const ortc = toOrtcCandidate(line);
          expect(ortc, line).toMatchObject({
            foundation: parsed.foundation,
            priority: parsed.priority,
            ip: parsed.address,
            protocol: parsed.protocol,
            port: parsed.port,
            type: parsed.type,
          });
          expect(ortc?.relatedPort).toBe(parsed.relatedPort);
        }
      }
    }
  });

  it('leaves out what an ORTC gatherer never emits: RTCP-component and unparsable lines', () => {
    expect(toOrtcCandidate('candidate:1 2 udp 2122194686 192.0.2.2 59528 typ host')).toBeNull();
    expect(toOrtcCandidate('not a candidate')).toBeNull();
  });
});

describe('ICE credentials', () => {
  const sequence = (n: number) => Uint8Array.from({ length: n }, (_, i) => i * 7);

  it('are made of ice-chars and long enough for RFC 8839 (ufrag >= 4, pwd >= 22)', () => {
    const params = newIceParameters(sequence);
    expect(params.usernameFragment).toMatch(/^[A-Za-z0-9+/]{16}$/);
    expect(params.password).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });

  it('are written into every m-section of a native SDP and read back from it', () => {
    const sdp =
      'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:abcd\r\na=ice-pwd:nativepasswordnativepass\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:abcd\r\na=ice-pwd:nativepasswordnativepass\r\n';
    const ours = { usernameFragment: 'Ufrag+/1234567890', password: 'p'.repeat(24) };
    const written = withIceParameters(sdp, ours);
    expect(written.match(/a=ice-ufrag:Ufrag\+\/1234567890\r\n/g)).toHaveLength(2);
    expect(written).not.toContain('abcd');
    expect(iceParametersOf(written)).toEqual(ours);
    expect(iceParametersOf('v=0\r\n')).toBeNull();
  });
});
