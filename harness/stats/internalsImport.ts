// Reads a chrome://webrtc-internals dump as a stream of JSON events (jsonTokenizer.ts), so
// the text is never held whole: each peer connection's series are collected while its
// object is read and turned into SeriesSets when it closes. What the dump looks like:
//   { "getUserMedia": [ {request_type, timestamp, ...} ],
//     "PeerConnections": { "<rid>-<lid>": { url, rtcConfiguration, constraints,
//         "updateLog": [ {type, value, timestamp (or time, in older Chromium)} ],
//         "stats": { "<statsId>-<field>": {statsType, startTime, endTime, values: "[1,2,...]"} } } },
//     "UserAgent": "...", ... }
import { DumpError, type DumpImport, type PeerConnectionDump } from './dump.js';
import { eventLabel } from './events.js';
import { objectSeriesSet, type RawObject } from './internalsSeries.js';
import type { JsonEvents } from './jsonTokenizer.js';
import type { Annotation } from '../../core/series.js';
import { keyedByUntrusted, toLabel } from './values.js';

type Scalar = string | number | boolean | null;

/** What a container is, by where it sits; `collect` containers gather their scalar members into a record. */
type Role = 'root' | 'pcs' | 'pc' | 'stats' | 'series' | 'log' | 'entry' | 'gum' | 'gumEntry' | 'skip';
const COLLECTING: ReadonlySet<Role> = new Set(['series', 'entry', 'gumEntry']);

interface Frame {
  role: Role;
  array: boolean;
  /** The member key being read (objects) or the next index (arrays). */
  key: string;
  index: number;
  record?: Record<string, Scalar>;
}

/** Top-level members worth keeping as metadata (short facts, not the getUserMedia list). */
const METADATA_KEYS = new Set(['UserAgent', 'timestamp', 'hardwareConcurrency', 'deviceMemory', 'cpuPerformance']);

function epochMs(value: Scalar | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return Number.NaN;
}

function describe(value: Scalar | 'object' | 'array'): string {
  if (value === 'object' || value === 'array') return `an ${value}`;
  return value === null ? 'null' : `a ${typeof value}`;
}

export class InternalsReader implements JsonEvents {
  readonly dump: DumpImport;
  readonly #stack: Frame[] = [];
  readonly #topLevelKeys: string[] = [];
  #sawPeerConnections = false;
  #pc: { dump: PeerConnectionDump; objects: Map<string, RawObject> } | undefined;
  #undatedEvents = 0;

  constructor(gzip: boolean) {
    this.dump = { format: 'webrtc-internals', gzip, startedAt: null, metadata: keyedByUntrusted(), peerConnections: [], events: [], warnings: [] };
  }

  /** The dump is complete: its shape is checked here, since a streamed document is only known at its end. */
  finish(): DumpImport {
    if (!this.#sawPeerConnections) {
      const keys = this.#topLevelKeys.slice(0, 8).map((k) => JSON.stringify(k.slice(0, 40)));
      throw new DumpError(
        `a JSON object without "PeerConnections" (its keys: ${keys.join(', ') || 'none'}${this.#topLevelKeys.length > 8 ? ', ...' : ''}); expected a webrtc-internals dump`,
      );
    }
    if (this.#undatedEvents) this.dump.warnings.push(`${this.#undatedEvents} log entries without a readable time were left out`);
    return this.dump;
  }

  startObject(): void {
    this.#open(false);
  }

  startArray(): void {
    this.#open(true);
  }

  endObject(): void {
    this.#close();
  }

  endArray(): void {
    this.#close();
  }

  key(name: string): void {
    const frame = this.#stack[this.#stack.length - 1]!;
    frame.key = name;
    if (frame.role === 'root') this.#topLevelKeys.push(name);
  }

  value(value: Scalar): void {
    const parent = this.#stack[this.#stack.length - 1];
    if (!parent) throw new DumpError(`${describe(value)} as the whole document; expected a webrtc-internals dump (a JSON object)`);
    const key = this.#memberKey(parent);
    if (parent.record) parent.record[key] = value;
    else if (parent.role === 'pc' && key === 'url' && typeof value === 'string') this.#pc!.dump.url = toLabel(value)!;
    else if (parent.role === 'root') {
      if (key === 'PeerConnections') throw new DumpError(`"PeerConnections" is ${describe(value)}; expected an object keyed by peer connection id`);
      const label = METADATA_KEYS.has(key) ? toLabel(value) : undefined;
      if (label !== undefined) this.dump.metadata[key] = label;
    }
  }

  #memberKey(frame: Frame): string {
    return frame.array ? String(frame.index++) : frame.key;
  }

  #open(array: boolean): void {
    const parent = this.#stack[this.#stack.length - 1];
    if (!parent && array) throw new DumpError('a JSON array; expected a webrtc-internals dump (a JSON object with "PeerConnections")');
    const key = parent ? this.#memberKey(parent) : '';
    const role = parent ? childRole(parent.role, key, array) : 'root';
    const frame: Frame = { role, array, key: '', index: 0 };
    if (COLLECTING.has(role)) frame.record = keyedByUntrusted();
    if (role === 'pc') {
      const dump: PeerConnectionDump = { id: key, events: [], stats: [] };
      this.#pc = { dump, objects: new Map() };
    }
    if (parent?.role === 'root' && key === 'PeerConnections') {
      if (array) throw new DumpError('"PeerConnections" is an array; expected an object keyed by peer connection id');
      this.#sawPeerConnections = true;
    }
    this.#stack.push(frame);
  }

  #close(): void {
    const frame = this.#stack.pop()!;
    const parent = this.#stack[this.#stack.length - 1];
    if (frame.role === 'series' && parent) this.#addSeries(parent.key, frame.record!);
    else if (frame.role === 'entry') this.#addLogEntry(frame.record!);
    else if (frame.role === 'gumEntry') this.#addGetUserMedia(frame.record!);
    else if (frame.role === 'pc') this.#finishPeerConnection();
  }

  #addSeries(seriesId: string, record: Record<string, Scalar>): void {
    const objects = this.#pc!.objects;
    // `<statsId>-<field>`: stats ids may contain '-' (legacy `Conn-audio-1-0`), plain field names do not;
    // fields webrtc-internals computes are bracketed and may (`[framesReceived-framesDecoded-framesDropped]`).
    const bracket = seriesId.indexOf('-[');
    const cut = bracket > 0 ? bracket : seriesId.lastIndexOf('-');
    if (cut <= 0) return;
    const statsId = seriesId.slice(0, cut);
    const field = seriesId.slice(cut + 1);
    let values: unknown = record['values'];
    if (typeof values === 'string') {
      try {
        values = JSON.parse(values);
      } catch {
        values = undefined;
      }
    }
    if (!Array.isArray(values)) {
      // An empty series is written as {} by Chromium; anything else is damage worth a word.
      if (record['values'] !== undefined)
        this.dump.warnings.push(`${this.#pc!.dump.id}: series ${JSON.stringify(seriesId.slice(0, 80))} has values that are not a JSON array; skipped`);
      return;
    }
    let object = objects.get(statsId);
    if (!object) {
      object = { fields: new Map() };
      if (typeof record['statsType'] === 'string') object.statsType = toLabel(record['statsType'])!;
      objects.set(statsId, object);
    }
    object.fields.set(field, { startMs: epochMs(record['startTime']), endMs: epochMs(record['endTime']), values });
  }

  #addLogEntry(record: Record<string, Scalar>): void {
    const t = epochMs(record['timestamp'] ?? record['time']);
    if (!Number.isFinite(t)) {
      this.#undatedEvents++;
      return;
    }
    this.#pc!.dump.events.push({ t, label: eventLabel(String(record['type'] ?? 'unknown'), record['value']) });
  }

  #addGetUserMedia(record: Record<string, Scalar>): void {
    const t = epochMs(record['timestamp']);
    if (!Number.isFinite(t)) return void this.#undatedEvents++;
    const type = String(record['request_type'] ?? 'getUserMedia');
    const outcome = record['error'] ? `OnFailure: ${String(record['error'])}` : record['stream_id'] ? 'OnSuccess' : '';
    this.dump.events.push({ t, label: eventLabel(`${type}${outcome}`, undefined) });
  }

  #finishPeerConnection(): void {
    const { dump, objects } = this.#pc!;
    this.#pc = undefined;
    const events: Annotation[] = dump.events.sort((a, b) => a.t - b.t);
    for (const [statsId, object] of objects) {
      const set = objectSeriesSet(`${dump.id}/${statsId}`, object);
      if (!set) {
        this.dump.warnings.push(`${dump.id}: stats object ${JSON.stringify(statsId.slice(0, 80))} has no values with readable times; skipped`);
        continue;
      }
      set.annotations = events;
      dump.stats.push(set);
    }
    this.dump.peerConnections.push(dump);
  }
}

function childRole(parent: Role, key: string, array: boolean): Role {
  switch (parent) {
    case 'root':
      return key === 'PeerConnections' ? 'pcs' : key === 'getUserMedia' && array ? 'gum' : 'skip';
    case 'pcs':
      return array ? 'skip' : 'pc';
    case 'pc':
      return key === 'stats' && !array ? 'stats' : key === 'updateLog' && array ? 'log' : 'skip';
    case 'stats':
      return array ? 'skip' : 'series';
    case 'log':
      return array ? 'skip' : 'entry';
    case 'gum':
      return array ? 'skip' : 'gumEntry';
    default:
      return 'skip';
  }
}
