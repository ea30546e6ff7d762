// Seeded mutations of SDP text for fuzz tests: the same seed gives the same cases on every run,
// so a failure names a case that can be replayed.

/** mulberry32: a tiny deterministic PRNG, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters that break parsers: separators, digits, controls, line ends, non-ASCII, a lone surrogate. */
const NASTY = [
  '\u0000',
  '\u0001',
  '\u001b',
  '\u009b',
  '\r',
  '\n',
  ' ',
  ':',
  '=',
  '/',
  ';',
  '*',
  '~',
  '-',
  '0',
  '9',
  '127',
  '65536',
  '4294967296',
  'a=',
  'm=',
  '\u00e9',
  '\u202e',
  '\ud800',
  '\ufffd',
];

interface Mutation {
  name: string;
  apply(text: string, random: () => number): string;
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;
const at = (text: string, random: () => number) => Math.floor(random() * (text.length + 1));
const lines = (text: string) => text.split(/\r\n|\n|\r/);

/** One entry per kind of damage seen in SDPs pasted from logs, truncated by transports or edited by hand. */
export const MUTATIONS: readonly Mutation[] = [
  { name: 'byte flip', apply: (t, r) => ((i) => t.slice(0, i) + pick(NASTY, r) + t.slice(i + 1))(at(t, r)) },
  {
    name: 'garbage insertion',
    apply: (t, r) => ((i) => t.slice(0, i) + Array.from({ length: 1 + Math.floor(r() * 8) }, () => pick(NASTY, r)).join('') + t.slice(i))(at(t, r)),
  },
  { name: 'truncation', apply: (t, r) => t.slice(0, at(t, r)) },
  {
    name: 'line drop',
    apply: (t, r) => {
      const l = lines(t);
      l.splice(Math.floor(r() * l.length), 1);
      return l.join('\r\n');
    },
  },
  {
    name: 'line duplicate',
    apply: (t, r) => {
      const l = lines(t);
      const i = Math.floor(r() * l.length);
      l.splice(i, 0, l[i] ?? '');
      return l.join('\r\n');
    },
  },
  {
    name: 'line swap',
    apply: (t, r) => {
      const l = lines(t);
      const [i, j] = [Math.floor(r() * l.length), Math.floor(r() * l.length)];
      [l[i], l[j]] = [l[j] ?? '', l[i] ?? ''];
      return l.join('\r\n');
    },
  },
  {
    name: 'CRLF mixing',
    apply: (t, r) =>
      lines(t)
        .map((line) => line + pick(['\r\n', '\n', '\r', '\n\r'], r))
        .join(''),
  },
  { name: 'number swap', apply: (t, r) => t.replace(/\d+/g, (n) => (r() < 0.05 ? pick(['0', '-1', '128', '65536', '99999999999999999999', ''], r) : n)) },
];

/** `count` mutated texts of `sources`, 1 to 3 mutations each, named for the failure message. */
export function* mutatedCases(sources: readonly { name: string; text: string }[], count: number, seed: number): Generator<{ label: string; text: string }> {
  const random = prng(seed);
  for (let i = 0; i < count; i++) {
    const source = pick(sources, random);
    const applied: string[] = [];
    let text = source.text;
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
      const mutation = pick(MUTATIONS, random);
      applied.push(mutation.name);
      text = mutation.apply(text, random);
    }
    yield { label: `case ${i} (seed ${seed}): ${source.name} + ${applied.join(', ')}`, text };
  }
}
