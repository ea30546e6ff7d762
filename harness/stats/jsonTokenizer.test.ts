import { describe, expect, it } from 'vitest';
import { type JsonEvents, JsonSyntaxError, JsonTokenizer } from './jsonTokenizer.js';

/** Rebuilds the value from the events, so a tokenizer run can be compared with JSON.parse. */
function collect(): JsonEvents & { result(): unknown } {
  const stack: { container: unknown[] | Record<string, unknown>; key?: string }[] = [];
  let root: unknown;
  const put = (value: unknown) => {
    const top = stack[stack.length - 1];
    if (!top) root = value;
    else if (Array.isArray(top.container)) top.container.push(value);
    else top.container[top.key!] = value;
  };
  return {
    startObject: () => {
      const container = {};
      put(container);
      stack.push({ container });
    },
    startArray: () => {
      const container: unknown[] = [];
      put(container);
      stack.push({ container });
    },
    endObject: () => void stack.pop(),
    endArray: () => void stack.pop(),
    key: (name) => void (stack[stack.length - 1]!.key = name),
    value: put,
    result: () => root,
  };
}

function tokenize(chunks: readonly string[]): unknown {
  const events = collect();
  const tokenizer = new JsonTokenizer(events);
  for (const chunk of chunks) tokenizer.write(chunk);
  tokenizer.end();
  return events.result();
}

const DOCUMENT = JSON.stringify(
  {
    PeerConnections: { '9-1': { stats: { 'OT01V-bytesSent': { values: '[1,2,3.5e2,-0.25]', startTime: '2026-01-01T00:00:00.000Z' } } } },
    escapes: 'quote " backslash \\ slash / newline \n tab \t unicode \u00e9 \u2028 emoji \u{1F600}',
    literals: [true, false, null, 0, -0, 1e-7, 123456789012345680000],
    empty: [{}, [], ''],
  },
  null,
  1,
);

describe('JsonTokenizer', () => {
  it('gives the same value as JSON.parse, whatever chunk boundary falls inside a token or an escape', () => {
    const expected = JSON.parse(DOCUMENT) as unknown;
    expect(tokenize([DOCUMENT])).toEqual(expected);
    for (let cut = 1; cut < DOCUMENT.length; cut++) {
      expect(tokenize([DOCUMENT.slice(0, cut), DOCUMENT.slice(cut)]), `cut at ${cut}`).toEqual(expected);
    }
    expect(tokenize([...DOCUMENT])).toEqual(expected);
  });

  it.each([
    ['', /no JSON value/],
    ['{"a": [1, 2', /ends inside 2 unclosed/],
    ['{"a": "unterminated', /ends inside a string/],
    ['[1, 2,]', /unexpected '\]'/],
    ['{"a": 1,}', /unexpected '\}'/],
    ['{"a" 1}', /expected ':'/],
    ['[tru]', /'tru' is not a JSON value/],
    ['[01]', /'01' is not a JSON number/],
    ['[1] [2]', /expected the end of the text/],
    ['["bad \\x escape"]', /invalid escape/],
    ['{\u0001}', /character U\+0001/],
  ])('refuses %j with a message that says where and what', (text, message) => {
    expect(() => tokenize([text])).toThrow(JsonSyntaxError);
    expect(() => tokenize([text])).toThrow(message);
  });

  it('refuses nesting deeper than 512 levels instead of growing without bound', () => {
    expect(() => tokenize(['['.repeat(600)])).toThrow(/nested deeper than 512/);
  });
});
