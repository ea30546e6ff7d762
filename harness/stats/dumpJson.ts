// An imported dump as JSON, written piece by piece (one SeriesSet at a time) so a large
// import never becomes one string. Characters a terminal acts on (C1 controls, bidi
// overrides, U+2028/9) are written as \u escapes: still the same JSON, safe to print.
import { type DumpImport, summarize } from './dump.js';

const TERMINAL_ACTIVE = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(TERMINAL_ACTIVE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `{file, format, gzip, startedAt, metadata, summary, warnings, events, peerConnections: [{id, url, events, stats: [SeriesSet]}]}`.
 * A set's annotations are its peer connection's `events`, written once per peer connection, not per set.
 */
export async function writeDumpJson(dump: DumpImport, file: string, write: (text: string) => Promise<void> | void): Promise<void> {
  const { peerConnections, ...rest } = dump;
  const head = { file, ...rest, summary: summarize(dump) };
  await write(`${safeJson(head).slice(0, -1)},"peerConnections":[`);
  for (const [p, pc] of peerConnections.entries()) {
    const { stats, ...pcRest } = pc;
    await write(`${p ? ',' : ''}\n${safeJson(pcRest).slice(0, -1)},"stats":[`);
    for (const [s, set] of stats.entries()) {
      const { annotations: _shared, ...plain } = set;
      await write(`${s ? ',' : ''}\n${safeJson(plain)}`);
    }
    await write(']}');
  }
  await write(']}\n');
}
