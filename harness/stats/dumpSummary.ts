// The text `stats import` prints about a dump. Lines carry dump text (ids, URLs, user
// agents): the command passes every line through terminalSafe.
import { type DumpImport, type PeerConnectionDump, summarize, summarizePeerConnection } from './dump.js';

export const formatSeconds = (s: number) => (s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`);

/** `connecting → connected → closed`, from the connection (else ICE connection) state events. */
function stateHistory(pc: PeerConnectionDump): string {
  for (const kind of ['connectionstatechange', 'iceconnectionstatechange']) {
    const states = pc.events.flatMap((e) => {
      const match = new RegExp(`^(?:on)?${kind}: (.+)$`, 'i').exec(e.label);
      return match ? [match[1]!] : [];
    });
    if (states.length) return `${kind === 'connectionstatechange' ? 'connection' : 'ICE connection'}: ${states.join(' → ')}`;
  }
  return 'no state changes logged';
}

function typeCounts(pc: PeerConnectionDump): string {
  const counts = new Map<string, number>();
  for (const set of pc.stats) counts.set(set.statsType ?? 'unknown', (counts.get(set.statsType ?? 'unknown') ?? 0) + 1);
  return [...counts].map(([type, n]) => `${type} ${n}`).join(', ');
}

export function summaryLines(dump: DumpImport, file: string): string[] {
  const perPc = dump.peerConnections.map(summarizePeerConnection);
  const total = summarize(dump, perPc);
  const lines = [
    `${dump.format} dump${dump.gzip ? ' (gzip)' : ''}: ${file}`,
    ...Object.entries(dump.metadata)
      .filter(([key]) => /useragent|fileformat|origin|url/i.test(key))
      .map(([key, value]) => `  ${key}: ${value}`),
    `  ${total.peerConnections} peer connection(s), ${total.statsObjects} stats objects, ${total.series} series (${total.points} values), ${formatSeconds(total.durationSeconds)} of stats, ${total.events} events`,
  ];
  if (dump.startedAt !== null) lines.push(`  starts ${new Date(dump.startedAt).toISOString()} (t = 0 s)`);
  for (const [i, pc] of dump.peerConnections.entries()) {
    const one = perPc[i]!;
    lines.push(`  peer connection ${pc.id}${pc.url ? ` (${pc.url})` : ''}`);
    lines.push(
      `    ${one.statsObjects} stats objects${one.statsObjects ? ` (${typeCounts(pc)})` : ''}, ${one.series} series, ${formatSeconds(one.durationSeconds)}`,
    );
    lines.push(`    ${pc.events.length} events; ${stateHistory(pc)}`);
  }
  if (dump.events.length)
    lines.push(`  ${dump.events.length} events outside peer connections (${[...new Set(dump.events.map((e) => e.label))].slice(0, 4).join(', ')})`);
  for (const warning of dump.warnings) lines.push(`  warning: ${warning}`);
  return lines;
}
