import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DumpError, type DumpImport, summarize } from './dump.js';
import { dumpFixture, dumpFixtureNames, writeBadDumps } from '../../test/support/dumpFixtures.js';
import { importDump } from './importDump.js';

const labels = (dump: DumpImport, pc: number) => dump.peerConnections[pc]!.events.map((e) => e.label);

describe('importDump on the recorded loopback call', () => {
  it('reads every fixture as a well-formed set of series: ascending time, columns as long as t, events shared', async () => {
    for (const name of dumpFixtureNames()) {
      const dump = await importDump(dumpFixture(name));
      expect(dump.peerConnections, name).toHaveLength(2);
      expect(dump.warnings, name).toEqual([]);
      for (const pc of dump.peerConnections) {
        for (const set of pc.stats) {
          expect(
            set.t.every((t, i) => i === 0 || t > set.t[i - 1]!),
            `${name} ${set.name} ascending`,
          ).toBe(true);
          for (const [field, column] of Object.entries(set.series)) expect(column.length, `${name} ${set.name}.${field}`).toBe(set.t.length);
          expect(set.annotations).toBe(pc.events);
        }
      }
    }
  });

  it('webrtc-internals JSON and its gzip (told apart by magic bytes) give the same import', async () => {
    const json = await importDump(dumpFixture('webrtc-internals-loopback-call.json'));
    const gz = await importDump(dumpFixture('webrtc-internals-loopback-call.json.gz'));
    expect([json.format, json.gzip, gz.gzip]).toEqual(['webrtc-internals', false, true]);
    // Two clicks of the dump button: only the dump's own timestamp differs.
    expect(gz.peerConnections).toEqual(json.peerConnections);
    expect(gz.events).toEqual(json.events);
    // Counts of the committed capture; re-recording the fixtures changes them.
    expect(summarize(json)).toMatchObject({ peerConnections: 2, statsObjects: 52, series: 544, events: 74 });
    expect(json.events.map((e) => e.label)).toEqual(['getUserMedia', 'getUserMediaOnSuccess', 'getUserMedia', 'getUserMediaOnSuccess']);
  });

  it('webrtc-internals: fields are placed on the object timestamp axis, computed [..] fields kept, text fields as labels', async () => {
    const dump = await importDump(dumpFixture('webrtc-internals-loopback-call.json'));
    const caller = dump.peerConnections[0]!;
    const video = caller.stats.find((s) => s.statsType === 'outbound-rtp' && s.labels?.['kind'] === 'video')!;
    expect(video.labels).toMatchObject({ kind: 'video', encoderImplementation: 'libvpx' });
    const bytes = video.series['bytesSent']!;
    expect(bytes.every((v, i) => v !== null && (i === 0 || v >= bytes[i - 1]!))).toBe(true);
    expect(video.series['[bytesSent_in_bits/s]']).toBeDefined();
    const inbound = caller.stats.find((s) => s.statsType === 'inbound-rtp' && s.labels?.['kind'] === 'video')!;
    expect(Object.keys(inbound.series)).toContain('[framesReceived-framesDecoded-framesDropped]');
    expect(labels(dump, 0)).toEqual(
      expect.arrayContaining([
        'createOffer',
        'setLocalDescription: offer',
        'setRemoteDescription: answer',
        'onconnectionstatechange: connected',
        'onicecandidate: host udp',
        'close',
      ]),
    );
  });

  it('rtcstats (classic, the in-page recorder) undoes the delta compression into full counters', async () => {
    const dump = await importDump(dumpFixture('rtcstats-loopback-call.txt'));
    expect([dump.format, dump.gzip, dump.metadata['fileFormat']]).toEqual(['rtcstats', false, '2']);
    expect(summarize(dump)).toMatchObject({ peerConnections: 2, statsObjects: 52, series: 422, events: 74 });
    const video = dump.peerConnections[0]!.stats.find((s) => s.statsType === 'outbound-rtp' && s.labels?.['kind'] === 'video')!;
    // Unchanged fields are left out of the deltas; the import carries them forward, so no gaps.
    expect(video.series['frameWidth']!.every((v) => v === 640)).toBe(true);
    expect(video.series['bytesSent']!.every((v, i, all) => v !== null && (i === 0 || v > all[i - 1]!))).toBe(true);
    expect(labels(dump, 0)).toEqual(expect.arrayContaining(['createOffer', 'createOfferOnSuccess: offer', 'oniceconnectionstatechange: connected', 'close']));
  });

  it('rtcstats fileFormat 3 (webrtc-internals own button, gzip, RTCStatsDump line, time deltas) matches the internals dump of the same call', async () => {
    const v3 = await importDump(dumpFixture('rtcstats-v3-from-webrtc-internals-loopback-call.gz'));
    const internals = await importDump(dumpFixture('webrtc-internals-loopback-call.json'));
    expect([v3.format, v3.gzip, v3.metadata['fileFormat']]).toEqual(['rtcstats', true, '3']);
    expect(v3.peerConnections.map((pc) => pc.id)).toEqual(internals.peerConnections.map((pc) => pc.id));
    expect(summarize(v3).series).toBe(summarize(internals).series);
    // Absolute times agree to the millisecond: the deltas were summed right.
    expect(Math.abs(v3.startedAt! - internals.startedAt!)).toBeLessThan(1000);
  });
});

describe('importDump on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wh-bad-dumps-'));
  const cases = writeBadDumps(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(cases)('$name: a DumpError that says what the file looks like', async ({ name, says }) => {
    const error = await importDump(join(dir, name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DumpError);
    expect((error as DumpError).message).toMatch(says);
  });

  it('a missing file or a folder: cannot read it, and why', async () => {
    await expect(importDump(join(dir, 'nope.json'))).rejects.toThrow('cannot read it (no such file)');
    await expect(importDump(dir)).rejects.toThrow('a directory, not a file; refused');
  });

  it('a FIFO is refused before it is opened (no writer would block the import, and Ctrl-C with it)', async () => {
    const fifo = join(dir, 'dump.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(importDump(fifo)).rejects.toThrow('a FIFO (named pipe), not a file; refused');
  });

  it('webrtc-internals stats ids, fields and record keys named like Object.prototype members are data like any other', async () => {
    const file = join(dir, 'prototype-names.json');
    // A computed ['__proto__'] key is an own key; `__proto__: null` would set the prototype instead.
    const series = (values: number[]) => ({ ['__proto__']: null, startTime: 1000, endTime: 2000, values: JSON.stringify(values), statsType: 'outbound-rtp' });
    const stats = { 'OT1-constructor': series([1, 2]), ['__proto__-toString']: series([3, 4]), ['OT1-__proto__']: series([5, 6]) };
    writeFileSync(file, JSON.stringify({ PeerConnections: { '1-1': { stats, updateLog: [] } } }));
    const [pc] = (await importDump(file)).peerConnections;
    expect(pc!.stats.map((s) => [s.name, s.statsType, { ...s.series }])).toEqual([
      ['1-1/OT1', 'outbound-rtp', { constructor: [1, 2], ['__proto__']: [5, 6] }],
      ['1-1/__proto__', 'outbound-rtp', { toString: [3, 4] }],
    ]);
  });

  it('an abort stops the import and throws the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(importDump(dumpFixture('webrtc-internals-loopback-call.json'), controller.signal)).rejects.toBe(reason);
  });
});
