// Semantic diff of two SDPs: both are normalized (volatile values masked unless asked not to),
// their features extracted by the tables in extract.ts, and the items compared per m-section.
// m-sections pair up by mid, then by position and kind. Payload types and extension ids never
// count: codecs compare by identity, extensions by URI. Browser-safe: no Node imports.
import { type FeatureItem, RULE_LABELS, type SdpFeatures, type SectionFeatures, extract } from './extract.js';
import { normalize } from './normalize.js';
import type { Sdp } from './parse.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface SdpChange {
  /** `removed`: only in A; `added`: only in B; `changed`: in both with other values. */
  change: ChangeKind;
  /** Rule id from extract.ts (`codec`, `header-extension`, ...), or `m-section`. */
  feature: string;
  key: string;
  a?: Readonly<Record<string, string>>;
  b?: Readonly<Record<string, string>>;
  message: string;
}

export interface SectionDiff {
  /** `audio mid=0`, or `video m-section 2` without a mid. */
  title: string;
  /** Positions (0-based) in A and B; one is missing when the m-section is on one side only. */
  a?: number;
  b?: number;
  changes: SdpChange[];
}

export interface SdpDiff {
  same: boolean;
  /** Number of changes in all. */
  count: number;
  session: SdpChange[];
  /** Only m-sections with changes. */
  sections: SectionDiff[];
}

export interface DiffOptions {
  /** Mask credentials, fingerprints, session ids, ports, addresses, ssrcs, cnames and msids before comparing (default true). */
  ignoreVolatile?: boolean;
  /** How messages call the two sides (default `A` and `B`). */
  names?: readonly [string, string];
}

const shown = (value: string | undefined) => (value === undefined || value === '' ? '(none)' : `'${value}'`);

function describeFields(fields: Readonly<Record<string, string>>): string {
  const entries = Object.entries(fields).filter(([, v]) => v !== '');
  if (entries.length === 0) return '';
  if (entries.length === 1 && entries[0]![0] === 'value') return entries[0]![1] === 'yes' ? '' : ` (${entries[0]![1]})`;
  return ` (${entries.map(([k, v]) => `${k} ${v}`).join('; ')})`;
}

function compareItems(feature: string, itemsA: readonly FeatureItem[], itemsB: readonly FeatureItem[], [nameA, nameB]: readonly [string, string]): SdpChange[] {
  const label = RULE_LABELS[feature] ?? feature;
  const subject = (item: FeatureItem) => (item.key === '' ? label : `${label} ${item.label ?? item.key}`);
  const inB = new Map(itemsB.map((item) => [item.key, item]));
  const changes: SdpChange[] = [];
  for (const a of itemsA) {
    const b = inB.get(a.key);
    inB.delete(a.key);
    if (!b) {
      changes.push({ change: 'removed', feature, key: a.key, a: a.fields, message: `${subject(a)}: only in ${nameA}${describeFields(a.fields)}` });
      continue;
    }
    const names = [...new Set([...Object.keys(a.fields), ...Object.keys(b.fields)])];
    const differing = names.filter((n) => (a.fields[n] ?? '') !== (b.fields[n] ?? ''));
    if (differing.length === 0) continue;
    const parts = differing.map((n) => `${n === 'value' ? '' : `${n} `}${shown(a.fields[n])} in ${nameA}, ${shown(b.fields[n])} in ${nameB}`);
    changes.push({ change: 'changed', feature, key: a.key, a: a.fields, b: b.fields, message: `${subject(a)}: ${parts.join('; ')}` });
  }
  for (const b of inB.values()) {
    changes.push({ change: 'added', feature, key: b.key, b: b.fields, message: `${subject(b)}: only in ${nameB}${describeFields(b.fields)}` });
  }
  return changes;
}

function compareFeatures(
  a: Readonly<Record<string, FeatureItem[]>>,
  b: Readonly<Record<string, FeatureItem[]>>,
  names: readonly [string, string],
): SdpChange[] {
  const features = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return features.flatMap((feature) => compareItems(feature, a[feature] ?? [], b[feature] ?? [], names));
}

const titleOf = (s: SectionFeatures) => (s.mid === undefined ? `${s.kind} m-section ${s.index + 1}` : `${s.kind} mid=${s.mid}`);

/** Pairs m-sections: same mid first, then what is left at the same position with the same kind. */
export function pairSections(a: readonly SectionFeatures[], b: readonly SectionFeatures[]): [SectionFeatures | undefined, SectionFeatures | undefined][] {
  const partner = new Map<SectionFeatures, SectionFeatures>();
  const taken = new Set<SectionFeatures>();
  const bByMid = new Map(b.filter((s) => s.mid !== undefined).map((s) => [s.mid, s]));
  for (const s of a) {
    const match = s.mid === undefined ? undefined : bByMid.get(s.mid);
    if (match && !taken.has(match)) {
      partner.set(s, match);
      taken.add(match);
    }
  }
  for (const s of a) {
    const match = b[s.index];
    if (!partner.has(s) && match && !taken.has(match) && match.kind === s.kind) {
      partner.set(s, match);
      taken.add(match);
    }
  }
  return [
    ...a.map((s): [SectionFeatures, SectionFeatures | undefined] => [s, partner.get(s)]),
    ...b.filter((s) => !taken.has(s)).map((s): [undefined, SectionFeatures] => [undefined, s]),
  ];
}

/** Diff of already extracted features (diff() normalizes and extracts first). */
export function diffFeatures(a: SdpFeatures, b: SdpFeatures, names: readonly [string, string] = ['A', 'B']): SdpDiff {
  const session = compareFeatures(a.session, b.session, names);
  const sections: SectionDiff[] = [];
  for (const [sa, sb] of pairSections(a.sections, b.sections)) {
    if (sa && sb) {
      const changes = compareFeatures(sa.features, sb.features, names);
      if (changes.length > 0) sections.push({ title: titleOf(sa), a: sa.index, b: sb.index, changes });
      continue;
    }
    const only = (sa ?? sb)!;
    const [change, side] = sa ? (['removed', names[0]] as const) : (['added', names[1]] as const);
    const message = `m-section ${only.index + 1} (${titleOf(only)}): only in ${side}`;
    sections.push({
      title: titleOf(only),
      ...(sa ? { a: sa.index } : { b: only.index }),
      changes: [{ change, feature: 'm-section', key: titleOf(only), message }],
    });
  }
  const count = session.length + sections.reduce((n, s) => n + s.changes.length, 0);
  return { same: count === 0, count, session, sections };
}

export function diff(a: Sdp, b: Sdp, options: DiffOptions = {}): SdpDiff {
  const maskVolatile = options.ignoreVolatile ?? true;
  return diffFeatures(extract(normalize(a, { maskVolatile })), extract(normalize(b, { maskVolatile })), options.names);
}
