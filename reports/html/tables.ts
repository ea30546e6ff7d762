// Tables the report's drill-down shows for a result, drawn from its raw data: a table per
// probe id. Raw data comes from a file that may be old, hand-edited or hostile, so every
// field is read defensively and an unexpected shape gives no table rather than an error.
import { parseCandidate } from '../../probes/page-kit/candidate.js';
import type { ReportTable } from './model.js';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
/** A raw value as table text: strings as they are, numbers and booleans printed, anything else empty. */
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');

/** Transport between browser and TURN server, as the server entry of the gathering run says (turns: is TLS over TCP). */
function relayProtocolOf(server: Json | undefined): string {
  if (!server) return '';
  return server['secure'] === true ? 'tls' : text(server['transport']);
}

const CANDIDATE_COLUMNS = ['server', 'type', 'protocol', 'address', 'port', 'related', 'tcp type', 'relay protocol', 'event url', 'at ms'];

/** ice-candidates, stun- and turn-reachability: every gathering run's candidates, and its icecandidateerror events. */
function gatheringTables(raw: Json): ReportTable[] {
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
          ? [serverText, parsed.type + (parsed.mdns ? ' (mDNS)' : ''), parsed.protocol, parsed.address, String(parsed.port), related, parsed.tcpType ?? '', parsed.type === 'relay' ? relayProtocolOf(server) : '', text(c['url']), text(c['atMs'])]
          : // Unparseable lines are shown whole: they are evidence too.
            [serverText, 'unparsed', '', line, '', '', '', '', text(c['url']), text(c['atMs'])],
      );
    }
    for (const e of records(outcome['errors'])) errors.push([serverText, text(e['errorCode']), text(e['errorText']), text(e['url']), text(e['atMs'])]);
    if (typeof outcome['configError'] === 'string') errors.push([serverText, '', `refused by the browser: ${outcome['configError']}`, '', '']);
  }
  const tables: ReportTable[] = [{ title: 'Candidates', columns: CANDIDATE_COLUMNS, rows: candidates }];
  if (errors.length) tables.push({ title: 'Candidate errors', columns: ['server', 'code', 'text', 'url', 'at ms'], rows: errors });
  return tables;
}

/** connectivity: one row per path (host, srflx, relay) with its selected candidate pair. */
function pathTables(raw: Json): ReportTable[] {
  const rows = records(raw['attempts']).map((a) => {
    const pair = isRecord(a['selectedPair']) ? a['selectedPair'] : {};
    const rtts = Array.isArray(a['roundTripMs']) ? a['roundTripMs'].filter((n): n is number => typeof n === 'number') : [];
    return [
      text(a['path']),
      text(a['outcome']) + (typeof a['reason'] === 'string' ? `: ${a['reason']}` : ''),
      text(a['connectMs']),
      `${text(pair['localType'])} ${text(pair['localAddress'])}`.trim(),
      `${text(pair['remoteType'])} ${text(pair['remoteAddress'])}`.trim(),
      text(pair['protocol']),
      text(pair['relayProtocol']),
      rtts.length ? `${Math.min(...rtts)}–${Math.max(...rtts)}` : '',
    ];
  });
  return [{ title: 'Paths', columns: ['path', 'outcome', 'connect ms', 'local', 'remote', 'protocol', 'relay protocol', 'data channel rtt ms'], rows }];
}

const TABLES: Readonly<Record<string, (raw: Json) => ReportTable[]>> = {
  'ice-candidates': gatheringTables,
  'stun-reachability': gatheringTables,
  'turn-reachability': gatheringTables,
  connectivity: pathTables,
};

export function tablesFor(probe: string, raw: unknown): ReportTable[] {
  const extract = Object.hasOwn(TABLES, probe) ? TABLES[probe] : undefined;
  if (!extract || !isRecord(raw)) return [];
  return extract(raw).filter((t) => t.rows.length > 0);
}
