// The connectivity drill-down: one row per path (host, srflx, relay) with its selected
// candidate pair, read defensively from raw data.
import { isRecord, records, text } from '../rawText.js';
import type { DrillDownTable } from '../types.js';

export function pathTables(raw: unknown): DrillDownTable[] {
  if (!isRecord(raw)) return [];
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
