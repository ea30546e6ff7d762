// Drill-down tables of ice-candidates, stun- and turn-reachability: every gathering run's
// candidates, its icecandidateerror events, and the harness's own TLS handshakes with turns:
// servers, read defensively from raw data.
import { parseCandidate } from '../../core/candidate.js';
import { type Json, isRecord, records, text } from '../rawText.js';
import type { DrillDownTable } from '../types.js';

/** Transport between browser and TURN server, as the server entry of the gathering run says (turns: is TLS over TCP). */
function relayProtocolOf(server: Json | undefined): string {
  if (!server) return '';
  return server['secure'] === true ? 'tls' : text(server['transport']);
}

const CANDIDATE_COLUMNS = ['server', 'type', 'protocol', 'address', 'port', 'related', 'tcp type', 'relay protocol', 'event url', 'at ms'];

const TLS_COLUMNS = ['server', 'handshake', 'protocol', 'ms', 'problem', 'certificate names', 'issuer', 'valid to'];

export function gatheringTables(raw: unknown): DrillDownTable[] {
  if (!isRecord(raw)) return [];
  const candidates: string[][] = [];
  const errors: string[][] = [];
  for (const run of records(raw['runs'])) {
    const server = isRecord(run['server']) ? run['server'] : undefined;
    const serverText = server ? text(server['url']) : '(no server)';
    const outcome = isRecord(run['outcome']) ? run['outcome'] : {};
    for (const c of records(outcome['candidates'])) {
      const line = text(c['candidate']);
      const parsed = parseCandidate(line);
      const related = parsed?.relatedAddress === undefined ? '' : `${parsed.relatedAddress}:${parsed.relatedPort ?? ''}`;
      candidates.push(
        parsed
          ? [
              serverText,
              parsed.type + (parsed.mdns ? ' (mDNS)' : ''),
              parsed.protocol,
              parsed.address,
              String(parsed.port),
              related,
              parsed.tcpType ?? '',
              parsed.type === 'relay' ? relayProtocolOf(server) : '',
              text(c['url']),
              text(c['atMs']),
            ]
          : // Unparseable lines are shown whole: they are evidence too.
            [serverText, 'unparsed', '', line, '', '', '', '', text(c['url']), text(c['atMs'])],
      );
    }
    for (const e of records(outcome['errors'])) errors.push([serverText, text(e['errorCode']), text(e['errorText']), text(e['url']), text(e['atMs'])]);
    if (typeof outcome['configError'] === 'string') errors.push([serverText, '', `refused by the browser: ${outcome['configError']}`, '', '']);
  }
  const tls = records(raw['tls']).map((h) => {
    const leaf = records(h['chain'])[0] ?? {};
    const problem = [text(h['errorCode']), text(h['chainError']), text(h['nameError'])].filter((t) => t !== '').join('; ');
    return [
      text(h['url']),
      text(h['handshake']),
      text(h['protocol']),
      text(h['handshakeMs']),
      problem,
      text(leaf['names']),
      text(leaf['issuer']),
      text(leaf['validTo']),
    ];
  });
  return [
    { title: 'Candidates', columns: CANDIDATE_COLUMNS, rows: candidates },
    { title: 'Candidate errors', columns: ['server', 'code', 'text', 'url', 'at ms'], rows: errors },
    ...(tls.length ? [{ title: 'TLS handshakes (the harness, from where the browsers run)', columns: TLS_COLUMNS, rows: tls }] : []),
  ];
}
