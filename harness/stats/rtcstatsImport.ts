// Reads an rtcstats dump line by line (node:readline over the, possibly gunzipped, stream).
// Two generations of the format:
//   classic (rtcstats.js, rtcstats-server up to fileFormat 2): line 1 is a JSON object with
//     metadata; then one JSON array per line, [method, pcId, value, timestamp] with an epoch-ms
//     timestamp; `getstats` values are delta-compressed: unchanged fields are left out, a report's
//     timestamp 0 means "the top-level timestamp", and a report whose fields are all unchanged but
//     the timestamp is left out entirely (rtcstats 5.2.0 deltaCompression deletes it). So a report
//     missing from a sample is unchanged, not gone: the format has no way to say a report is gone,
//     and such a report lasts until its peer connection's last sample.
//   fileFormat 3 (rtcstats/rtcstats, and webrtc-internals' own rtcstats button): line 1 is
//     `RTCStatsDump`, line 2 the metadata; the last element of each line is the time since
//     the previous line; methods and stats types may be numbers from a fixed table; a report
//     left out of a sample is unchanged, a report set to null is gone.
import type { Interface } from 'node:readline';
import { DumpError, type DumpImport, type PeerConnectionDump } from './dump.js';
import { eventLabel } from './events.js';
import { ObjectSeriesBuilder } from './objectSeriesBuilder.js';
import { keyedByUntrusted, ownValue, toLabel } from './values.js';

export const RTCSTATS_MAGIC = 'RTCStatsDump';

/** fileFormat 3 method ids (rtcstats-shared compression table); unknown ids stay as they are. */
const METHODS: Readonly<Record<string, string>> = {
  g: 'getStats',
  1: 'getStats',
  2: 'createOffer',
  3: 'createOfferOnSuccess',
  4: 'createAnswer',
  5: 'createAnswerOnSuccess',
  6: 'setLocalDescription',
  7: 'setLocalDescriptionOnSuccess',
  8: 'setRemoteDescription',
  9: 'setRemoteDescriptionOnSuccess',
  10: 'addIceCandidate',
  11: 'addIceCandidateOnSuccess',
  12: 'createOfferOnFailure',
  13: 'createAnswerOnFailure',
  14: 'setLocalDescriptionOnFailure',
  15: 'setRemoteDescriptionOnFailure',
  16: 'addIceCandidateOnFailure',
  20: 'onicecandidate',
  21: 'onicecandidateerror',
  22: 'ontrack',
  23: 'onsignalingstatechange',
  24: 'oniceconnectionstatechange',
  25: 'onconnectionstatechange',
  26: 'onicegatheringstatechange',
  27: 'onnegotiationneeded',
  28: 'ondatachannel',
  30: 'addTrack',
  32: 'addTransceiver',
  34: 'removeTrack',
  35: 'createDataChannel',
  36: 'close',
  37: 'restartIce',
  38: 'setConfiguration',
  39: 'create',
  40: 'constraints',
  60: 'navigator.mediaDevices.getUserMedia',
  61: 'navigator.mediaDevices.getUserMediaOnSuccess',
  65: 'navigator.mediaDevices.getUserMediaOnFailure',
};

/** fileFormat 3 stats type ids. */
const STATS_TYPES = [
  '',
  'inbound-rtp',
  'outbound-rtp',
  'remote-inbound-rtp',
  'remote-outbound-rtp',
  'transport',
  'candidate-pair',
  'local-candidate',
  'remote-candidate',
  'data-channel',
  'peer-connection',
  'certificate',
  'media-source',
  'media-playout',
  'codec',
];

type Stats = Record<string, unknown>;
const isRecord = (v: unknown): v is Stats => typeof v === 'object' && v !== null && !Array.isArray(v);

interface PcState {
  dump: PeerConnectionDump;
  reports: Map<string, Stats>;
  builders: Map<string, ObjectSeriesBuilder>;
}

export class RtcstatsReader {
  readonly dump: DumpImport;
  #deltaTimes = false;
  #time = 0;
  readonly #pcs = new Map<string, PcState>();
  #numericProperties = 0;

  constructor(gzip: boolean) {
    this.dump = { format: 'rtcstats', gzip, startedAt: null, metadata: keyedByUntrusted(), peerConnections: [], events: [], warnings: [] };
  }

  async read(lines: Interface, signal?: AbortSignal): Promise<DumpImport> {
    let lineNumber = 0;
    let sawMagic = false;
    let header = false;
    let broken: { line: number; reason: string } | undefined;
    for await (const text of lines) {
      signal?.throwIfAborted();
      lineNumber++;
      if (broken) throw new DumpError(`line ${broken.line} is not a JSON array (${broken.reason}); expected one rtcstats event per line`);
      if (lineNumber === 1 && text.replace(/^\uFEFF/, '').trim() === RTCSTATS_MAGIC) {
        sawMagic = true;
        continue;
      }
      if (!header) {
        this.#readHeader(text, lineNumber, sawMagic);
        header = true;
        continue;
      }
      if (!text.trim()) continue;
      let entry: unknown;
      try {
        entry = JSON.parse(text);
      } catch (error) {
        // Only an error if another line follows: a last line cut short is reported as truncation below.
        broken = { line: lineNumber, reason: error instanceof Error ? error.message.slice(0, 80) : 'not JSON' };
        continue;
      }
      if (!Array.isArray(entry) || entry.length < 3) {
        broken = { line: lineNumber, reason: Array.isArray(entry) ? `${entry.length} elements, expected at least 3` : 'not an array' };
        continue;
      }
      this.#entry(entry);
    }
    if (broken) throw new DumpError(`the last line (${broken.line}) is cut off or not JSON (${broken.reason}): the file looks truncated`);
    if (!header) throw new DumpError(sawMagic ? 'an RTCStatsDump header without the metadata line' : 'no metadata line');
    return this.#finish();
  }

  #readHeader(text: string, lineNumber: number, sawMagic: boolean): void {
    let meta: unknown;
    try {
      meta = JSON.parse(text);
    } catch {
      throw new DumpError(`line ${lineNumber} is not the JSON metadata object an rtcstats dump starts with`);
    }
    if (!isRecord(meta)) throw new DumpError(`line ${lineNumber} is JSON but not an object; an rtcstats dump starts with a metadata object`);
    const fileFormat = Number(meta['fileFormat']);
    this.#deltaTimes = sawMagic || fileFormat >= 3;
    for (const [key, value] of Object.entries(meta).slice(0, 40)) {
      const label = toLabel(value);
      if (label !== undefined) this.dump.metadata[key.slice(0, 60)] = label;
    }
  }

  #pc(id: string): PcState {
    let pc = this.#pcs.get(id);
    if (!pc) {
      pc = { dump: { id, events: [], stats: [] }, reports: new Map(), builders: new Map() };
      this.#pcs.set(id, pc);
    }
    return pc;
  }

  #entry(entry: unknown[]): void {
    const method = ownValue(METHODS, String(entry[0])) ?? String(entry[0]);
    const pcId = entry[1];
    const value = entry[2];
    const stamp = Number(entry[entry.length - 1]);
    if (Number.isFinite(stamp)) this.#time = this.#deltaTimes ? this.#time + stamp : stamp;
    if (method === 'getstats' || method === 'getStats') {
      if (typeof pcId !== 'string' || !isRecord(value)) return;
      this.#applyStats(this.#pc(pcId), value, method === 'getstats');
      return;
    }
    const event = { t: this.#time, label: eventLabel(method, value) };
    // webrtc-internals files getUserMedia under a fake connection id `<rid>-0`: it belongs to no peer connection.
    if (typeof pcId !== 'string' || method.startsWith('navigator.mediaDevices.')) this.dump.events.push(event);
    else this.#pc(pcId).dump.events.push(event);
  }

  /** Undoes the delta compression into the full reports, then samples every report whose timestamp moved on. */
  #applyStats(pc: PcState, delta: Stats, classic: boolean): void {
    const top = Number(delta['timestamp'] ?? delta['t'] ?? this.#time);
    const sampleTime = Number.isFinite(top) ? top : this.#time;
    for (const [id, report] of Object.entries(delta)) {
      if (id === 'timestamp' || id === 't') continue;
      if (report === null) {
        pc.reports.delete(id);
        continue;
      }
      if (!isRecord(report)) continue;
      let full = pc.reports.get(id);
      if (!full) pc.reports.set(id, (full = keyedByUntrusted()));
      Object.assign(full, report);
      if (typeof report['type'] === 'number') full['type'] = STATS_TYPES[report['type']] ?? String(report['type']);
      // classic: 0 stands for the top-level time, absent for "as before"; fileFormat 3: absent stands for the top-level time.
      if (report['timestamp'] === 0 || (!classic && report['timestamp'] === undefined) || full['timestamp'] === undefined) full['timestamp'] = sampleTime;
    }
    // Both formats leave out a report that did not change (classic: but for its timestamp). It was
    // still there when this sample was taken, so it continues at the sample's time, as rtcstats-shared's
    // statsDecompression stamps carried-over reports with the top-level time.
    for (const [id, full] of pc.reports) if (!Object.hasOwn(delta, id)) full['timestamp'] = sampleTime;
    for (const [id, full] of pc.reports) {
      const t = Number(full['timestamp']);
      if (!Number.isFinite(t)) continue;
      let builder = pc.builders.get(id);
      if (!builder) {
        builder = new ObjectSeriesBuilder(`${pc.dump.id}/${id}`);
        pc.builders.set(id, builder);
        if (/^\d+$/.test(Object.keys(full).find((k) => k !== 'type' && k !== 'timestamp') ?? '')) this.#numericProperties++;
      }
      if (builder.lastTime !== undefined && t <= builder.lastTime) continue;
      builder.append(t, full);
    }
  }

  #finish(): DumpImport {
    for (const pc of this.#pcs.values()) {
      pc.dump.events.sort((a, b) => a.t - b.t);
      for (const builder of pc.builders.values()) {
        const set = builder.finish();
        set.annotations = pc.dump.events;
        pc.dump.stats.push(set);
      }
      this.dump.peerConnections.push(pc.dump);
    }
    if (this.#numericProperties) {
      this.dump.warnings.push(`${this.#numericProperties} stats objects use compressed (numeric) property names; they are kept as numbers, not translated`);
    }
    return this.dump;
  }
}
