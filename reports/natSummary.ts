// The NAT lines `check` prints: the RFC 5780 classification recorded Node-side, and beside it
// the browsers' own evidence, the public ports their srflx candidates carry when one socket
// asks every STUN server (stun-reachability's mapping gathering). Pure: results.json replays it.
import { parseCandidate } from '../core/candidate.js';
import { describeNat } from '../core/natBehaviour.js';
import type { ProbeResult, RunResults } from '../core/results.js';

interface RecordedCandidate {
  candidate: string;
  url?: string;
}

/** The candidates of stun-reachability's mapping gathering, if its raw data has one (raw comes from a file: checked, not trusted). */
function mappingCandidates(result: ProbeResult): RecordedCandidate[] {
  const candidates = (result.raw as { mapping?: { candidates?: unknown } } | undefined)?.mapping?.candidates;
  if (!Array.isArray(candidates)) return [];
  return candidates.filter(
    (c): c is RecordedCandidate =>
      typeof (c as RecordedCandidate | null)?.candidate === 'string' && ['string', 'undefined'].includes(typeof (c as RecordedCandidate).url),
  );
}

/** `chromium: srflx 203.0.113.2:40000 (stun:…), …`: one browser's UDP srflx candidates from the one-socket gathering. */
function browserEvidence(result: ProbeResult): string | null {
  const srflx = mappingCandidates(result).flatMap((c) => {
    const parsed = parseCandidate(c.candidate);
    if (parsed?.type !== 'srflx' || parsed.protocol !== 'udp') return [];
    const address = parsed.ipVersion === 6 ? `[${parsed.address}]` : parsed.address;
    return [`${address}:${parsed.port}${c.url ? ` (${c.url})` : ''}`];
  });
  if (!srflx.length) return null;
  return `${result.browser.name}: srflx ${[...new Set(srflx)].join(', ')}`;
}

/** `NAT (server): …` per classified server, then the browsers' srflx ports; empty when the run recorded no NAT tests. */
export function natLines(run: Pick<RunResults, 'nat' | 'results'>): string[] {
  if (!run.nat) return [];
  if (!run.nat.length) return ['NAT: not classified (no stun: server over UDP to ask)'];
  const evidence = run.results.filter((r) => r.probe === 'stun-reachability').flatMap((r) => browserEvidence(r) ?? []);
  return [
    ...run.nat.map(describeNat),
    ...(evidence.length
      ? [
          `Browsers' evidence (one socket asking every STUN server; one public port per socket = endpoint-independent mapping):`,
          ...evidence.map((e) => `  ${e}`),
        ]
      : []),
  ];
}
