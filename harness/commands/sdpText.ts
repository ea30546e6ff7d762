// Text the `sdp` command prints: a summary of one SDP, a diff, a negotiation. Lines are built
// from SDP content, so the caller passes each through terminalSafe before it reaches a terminal.
import { type Codec, codecsOf } from '../../core/sdp/codecs.js';
import { type FeatureItem, RULE_LABELS, type SectionFeatures, extract } from '../../core/sdp/extract.js';
import type { SdpChange, SdpDiff } from '../../core/sdp/diff.js';
import type { FeatureOutcome, Negotiation, NegotiatedSection } from '../../core/sdp/negotiate.js';
import type { Sdp } from '../../core/sdp/parse.js';

/** Shown in an m-section's heading rather than as lines of their own. */
const IN_HEADING = new Set(['kind', 'mid', 'port', 'protocol', 'direction', 'codec']);

function fieldsText(fields: Readonly<Record<string, string>>): string {
  const entries = Object.entries(fields).filter(([, v]) => v !== '');
  if (entries.length === 1 && entries[0]![0] === 'value') return entries[0]![1];
  return entries.map(([k, v]) => `${k} ${v}`).join(', ');
}

function itemLines(features: Readonly<Record<string, FeatureItem[]>>, indent: string): string[] {
  return Object.entries(features)
    .filter(([id]) => !IN_HEADING.has(id))
    .flatMap(([id, items]) =>
      items.map((item) => {
        const subject = item.key === '' ? (RULE_LABELS[id] ?? id) : `${RULE_LABELS[id] ?? id} ${item.label ?? item.key}`;
        const text = fieldsText(item.fields);
        return `${indent}${subject}${text === '' ? '' : `: ${text}`}`;
      }),
    );
}

function codecLine(codec: Codec): string {
  const fmtp = codec.fmtp === '' ? '' : `  fmtp ${codec.fmtp}`;
  const feedback = codec.feedback.length === 0 ? '' : `  rtcp-fb ${codec.feedback.join(', ')}`;
  return `    ${String(codec.payloadType).padStart(3)} ${codec.label}${fmtp}${feedback}`;
}

const value = (section: SectionFeatures, id: string) => section.features[id]?.[0]?.fields['value'];

export function summaryLines(name: string, sdp: Sdp): string[] {
  const features = extract(sdp);
  const lines = [`${name}: ${sdp.media.length} m-section${sdp.media.length === 1 ? '' : 's'}`, 'session', ...itemLines(features.session, '  ')];
  for (const section of features.sections) {
    const media = sdp.media[section.index]!;
    const heading = [
      value(section, 'kind'),
      section.mid === undefined ? undefined : `mid=${section.mid}`,
      `port ${media.port}`,
      value(section, 'protocol'),
      value(section, 'direction'),
    ];
    lines.push(`m-section ${section.index + 1}: ${heading.filter((h) => h !== undefined).join(', ')}`);
    const codecs = codecsOf(media);
    if (codecs.length > 0) lines.push(`  codecs (${codecs.length}, in order of preference):`, ...codecs.map(codecLine));
    lines.push(...itemLines(section.features, '  '));
  }
  return lines;
}

const MARK: Readonly<Record<SdpChange['change'], string>> = { removed: '-', added: '+', changed: '~' };

export function diffLines(diff: SdpDiff, names: readonly [string, string], ignoreVolatile: boolean): string[] {
  const lines = [`A = ${names[0]}`, `B = ${names[1]}`];
  lines.push(
    ignoreVolatile
      ? 'Volatile values (ICE credentials, fingerprints, session id, ports, addresses, ssrcs, cnames, msids) are masked; --no-ignore-volatile compares them.'
      : 'Volatile values are compared as they are.',
  );
  if (diff.same) return [...lines, '', 'No differences.'];
  const group = (title: string, changes: readonly SdpChange[]) => ['', title, ...changes.map((c) => `  ${MARK[c.change]} ${c.message}`)];
  if (diff.session.length > 0) lines.push(...group('session', diff.session));
  for (const section of diff.sections) lines.push(...group(section.title, section.changes));
  lines.push('', `${diff.count} difference${diff.count === 1 ? '' : 's'} (- only in A, + only in B, ~ changed).`);
  return lines;
}

const featureLine = (f: FeatureOutcome) => `    ${f.used ? '+' : '-'} ${f.feature}: ${f.why}`;

function sectionLines(s: NegotiatedSection): string[] {
  const lines = [`m-section ${s.index + 1}: ${s.kind}${s.mid === undefined ? '' : ` mid=${s.mid}`}: ${s.state} (${s.why})`];
  if (s.codecs.length > 0) {
    const codecs = s.codecs.map(
      (c) => `${c.label} (pt ${c.answerPayloadType}${c.offerPayloadType === c.answerPayloadType ? '' : `, offer pt ${c.offerPayloadType}`})`,
    );
    lines.push(`  codecs used, in the answer's order:`, ...codecs.map((c) => `    ${c}`));
  }
  if (s.droppedCodecs.length > 0) lines.push('  codecs that fall out:', ...s.droppedCodecs.map((d) => `    ${d.name}: ${d.reason}`));
  if (s.headerExtensions.length > 0) lines.push('  header extensions used:', ...s.headerExtensions.map((uri) => `    ${uri}`));
  if (s.droppedHeaderExtensions.length > 0)
    lines.push('  header extensions that fall out:', ...s.droppedHeaderExtensions.map((d) => `    ${d.name}: ${d.reason}`));
  if (s.features.length > 0) lines.push('  features (+ used, - not used):', ...s.features.map(featureLine));
  return lines;
}

export function negotiationLines(result: Negotiation, names: readonly [string, string]): string[] {
  const lines = [`offer  = ${names[0]}`, `answer = ${names[1]}`];
  for (const section of result.sections) lines.push('', ...sectionLines(section));
  if (result.problems.length > 0) lines.push('', 'problems:', ...result.problems.map((p) => `  ${p}`));
  const active = result.sections.filter((s) => s.state === 'active').length;
  lines.push(
    '',
    result.usable && result.problems.length === 0
      ? `Compatible: ${active} of ${result.sections.length} m-sections active.`
      : 'Not compatible: see the problems and the m-sections above.',
  );
  return lines;
}
