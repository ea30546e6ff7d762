import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importDump } from './importDump.js';

const dir = mkdtempSync(join(tmpdir(), 'wh-rtcstats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function dump(name: string, lines: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return file;
}

describe('rtcstats delta decompression', () => {
  it('classic: timestamp 0 is the top-level time, a missing field is unchanged, a report left out is unchanged and continues', async () => {
    // Shaped as rtcstats 5.2.0 writes it: T1 (a transport) changes only its timestamp, so the
    // second and third samples leave it out; RI1 keeps its own (RTCP) timestamp while a field changes.
    const file = dump('classic.txt', [
      { fileFormat: 2 },
      [
        'getstats',
        'PC_0',
        {
          OT1: { type: 'outbound-rtp', kind: 'video', bytesSent: 100, timestamp: 0 },
          T1: { type: 'transport', dtlsState: 'connected', timestamp: 0 },
          RI1: { type: 'remote-inbound-rtp', roundTripTime: 0.01, timestamp: 500 },
          timestamp: 1000,
        },
        1000,
      ],
      ['getstats', 'PC_0', { OT1: { bytesSent: 300, timestamp: 0 }, RI1: { roundTripTime: 0.02 }, timestamp: 2000 }, 2000],
      ['oniceconnectionstatechange', 'PC_0', 'connected', 2100],
      ['getstats', 'PC_0', { OT1: { bytesSent: 600, timestamp: 0 }, timestamp: 3000 }, 3000],
    ]);
    const [pc] = (await importDump(file)).peerConnections;
    const of = (type: string) => pc!.stats.find((s) => s.statsType === type)!;
    // t is rebased: 0 is the earliest sample (RI1 at 500 ms).
    expect(of('outbound-rtp')).toMatchObject({ t: [0.5, 1.5, 2.5], series: { bytesSent: [100, 300, 600] }, labels: { kind: 'video' } });
    expect(of('transport')).toMatchObject({ t: [0.5, 1.5, 2.5], labels: { dtlsState: 'connected' } });
    // Present without a timestamp: its timestamp did not move, so no new sample; left out later: continues at the poll's time.
    expect(of('remote-inbound-rtp')).toMatchObject({ t: [0, 2.5], series: { roundTripTime: [0.01, 0.02] } });
    expect(pc!.events).toEqual([{ t: 1.6, label: 'oniceconnectionstatechange: connected' }]);
  });

  it('fileFormat 3: RTCStatsDump line, time deltas, numeric method and type ids, `t` top-level time, null removes a report', async () => {
    const file = dump('v3.txt', [
      'RTCStatsDump',
      { fileFormat: 3 },
      ['create', 'PC_0', { iceServers: [] }, 1_000_000],
      ['g', 'PC_0', { 1: { type: 2, bytesSent: 10 }, t: 1_000_100 }, 100],
      [1, 'PC_0', { 1: { bytesSent: 30 }, t: 1_001_100 }, 1000],
      [24, 'PC_0', 'connected', 50],
      ['g', 'PC_0', { 1: null, t: 1_002_100 }, 950],
    ]);
    const imported = await importDump(file);
    const pc = imported.peerConnections[0]!;
    expect(pc.stats).toHaveLength(1);
    expect(pc.stats[0]).toMatchObject({ statsType: 'outbound-rtp', t: [0.1, 1.1], series: { bytesSent: [10, 30] } });
    expect(pc.events.map((e) => [e.t, e.label])).toEqual([
      [0, 'create'],
      [1.15, 'oniceconnectionstatechange: connected'],
    ]);
    expect(imported.startedAt).toBe(1_000_000);
  });
});

describe('untrusted names in an rtcstats dump', () => {
  it('stats fields, stats ids, metadata keys and methods named like Object.prototype members are data like any other', async () => {
    const file = dump('prototype-names.txt', [
      // Raw text: JSON.stringify of an object literal would not keep an own __proto__ key.
      '{"fileFormat": 2, "__proto__": "meta", "constructor": "meta too"}',
      '["getstats", "PC_0", {"__proto__": {"type": "outbound-rtp", "constructor": 1, "__proto__": 2, "toString": 3, "timestamp": 0}, "constructor": {"type": "transport", "hasOwnProperty": 7, "timestamp": 0}, "timestamp": 1000}, 1000]',
      '["getstats", "PC_0", {"__proto__": {"constructor": 4, "__proto__": 5, "toString": 6, "timestamp": 0}, "constructor": {"hasOwnProperty": 8, "timestamp": 0}, "timestamp": 2000}, 2000]',
      '["constructor", "PC_0", "x", 2100]',
      '["toString", null, null, 2200]',
    ]);
    const imported = await importDump(file);
    const pc = imported.peerConnections[0]!;
    const out = pc.stats.find((s) => s.name === 'PC_0/__proto__')!;
    expect({ ...out.series }).toEqual({ constructor: [1, 4], ['__proto__']: [2, 5], toString: [3, 6] });
    expect(Object.hasOwn(out.series, '__proto__')).toBe(true);
    expect(pc.stats.find((s) => s.name === 'PC_0/constructor')!.series['hasOwnProperty']).toEqual([7, 8]);
    expect(pc.events.map((e) => e.label)).toEqual(['constructor: x']);
    expect(imported.events.map((e) => e.label)).toEqual(['toString']);
    expect({ ...imported.metadata }).toMatchObject({ ['__proto__']: 'meta', constructor: 'meta too' });
  });
});
