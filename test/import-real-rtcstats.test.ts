// The stats import against a dump the real rtcstats client library wrote, in the file format
// rtcstats-server stores (test/tools/capture-rtcstats-dump.ts): what users of rtcstats have,
// not what our own recorder imitates.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../reports/paths.js';
import { summarize } from '../harness/stats/dump.js';
import { importDump } from '../harness/stats/importDump.js';

const dump = await importDump(join(PACKAGE_ROOT, 'fixtures', 'client-dumps', 'rtcstats-server-dump-of-rtcstats-5.2.0-firefox-loopback-call'));
const labels = (events: readonly { label: string }[]) => events.map((e) => e.label);
const statsOf = (pc: number, type: string, kind?: string) =>
  dump.peerConnections[pc]!.stats.filter((s) => s.statsType === type && (kind === undefined || s.labels?.['kind'] === kind));
const rising = (column: readonly (number | null)[] | undefined) =>
  column !== undefined && column.length > 1 && column.every((v, i) => v !== null && (i === 0 || v >= column[i - 1]!)) && column.at(-1)! > column[0]!;

describe('import of an rtcstats-server dump written by rtcstats 5.2.0 in Firefox', () => {
  it("is read as classic rtcstats with the server's metadata line, nothing skipped", () => {
    expect([dump.format, dump.gzip, dump.metadata['fileFormat'], dump.metadata['path']]).toEqual(['rtcstats', false, '2', '/']);
    expect(dump.metadata['userAgent']).toMatch(/Firefox\/\d+/);
    expect(dump.warnings).toEqual([]);
  });

  it('has both peer connections of the call, about 10 s of once-a-second getStats', () => {
    expect(dump.peerConnections.map((pc) => pc.id)).toEqual(['PC_0', 'PC_1']);
    expect(summarize(dump).durationSeconds).toBeGreaterThan(8);
    for (const pc of [0, 1]) expect(statsOf(pc, 'candidate-pair').some((s) => s.t.length >= 9)).toBe(true);
  });

  it('turns the delta-compressed byte counters into full, rising series on both ends, audio and video', () => {
    for (const pc of [0, 1]) {
      for (const kind of ['audio', 'video']) {
        expect(
          statsOf(pc, 'outbound-rtp', kind).map((s) => rising(s.series['bytesSent'])),
          `PC_${pc} ${kind} sent`,
        ).toEqual([true]);
        expect(
          statsOf(pc, 'inbound-rtp', kind).map((s) => rising(s.series['bytesReceived'])),
          `PC_${pc} ${kind} received`,
        ).toEqual([true]);
      }
    }
  });

  it("keeps the API calls and events as annotations, and getUserMedia and the server's lines as the dump's own events", () => {
    expect(labels(dump.peerConnections[0]!.events)).toEqual(
      expect.arrayContaining([
        'create',
        'createOffer',
        'createOfferOnSuccess: offer',
        'setLocalDescription: offer',
        'setRemoteDescription: answer',
        'onconnectionstatechange: connected',
        'close',
      ]),
    );
    expect(labels(dump.peerConnections[1]!.events)).toEqual(
      expect.arrayContaining(['setRemoteDescription: offer', 'createAnswer', 'ondatachannel', 'onconnectionstatechange: connected', 'close']),
    );
    expect(labels(dump.events)).toEqual([
      'publicIP',
      'navigator.mediaDevices.getUserMedia',
      'navigator.mediaDevices.getUserMediaOnSuccess',
      'navigator.mediaDevices.getUserMedia',
      'navigator.mediaDevices.getUserMediaOnSuccess',
      'close',
    ]);
  });

  // rtcstats 5.2.0 leaves a report out of a sample when nothing but its timestamp changed, so
  // objects that live the whole call but do not change (transport, codecs, candidates) appear
  // in full once; the import carries them through every later sample.
  it('an unchanging report (transport, codecs, local candidates) lasts the whole call, not one sample', () => {
    for (const pc of [0, 1]) {
      for (const type of ['transport', 'codec', 'local-candidate']) {
        const sets = statsOf(pc, type);
        expect(sets.length, `PC_${pc} ${type}`).toBeGreaterThan(0);
        for (const set of sets) expect(set.t.length, `PC_${pc} ${set.name}`).toBeGreaterThanOrEqual(9);
      }
    }
  });

  it('an unchanging report keeps the values it was last sent with (the VP8 codec: payload type 120 at 90 kHz throughout)', () => {
    const vp8 = statsOf(0, 'codec').find((s) => s.labels?.['mimeType'] === 'video/VP8')!;
    expect(vp8.t.length).toBeGreaterThanOrEqual(9);
    expect(new Set(vp8.series['payloadType'])).toEqual(new Set([120]));
    expect(new Set(vp8.series['clockRate'])).toEqual(new Set([90000]));
  });
});
