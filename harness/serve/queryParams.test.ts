import { describe, expect, it } from 'vitest';
import { QueryError, optionalLabel, requiredLabel, runFilterOf } from './queryParams.js';

describe('labels from a query', () => {
  it.each(['office-wifi', 'Büro 2. OG', 'site #4 @home', 'a/b+c:d_e.f'])('takes %j', (label) => expect(optionalLabel({ label })).toBe(label));

  it.each([
    ['markup', '<script>alert(1)</script>'],
    ['a quote', 'it"s'],
    ['a line break', 'a\nb'],
    ['a bidi override', 'abc\u202Edef'],
    ['121 characters', 'x'.repeat(121)],
  ])('refuses %s', (_name, label) => expect(() => optionalLabel({ label })).toThrow(QueryError));

  it('refuses a label given twice or as an object (express parses both from a query string)', () => {
    expect(() => optionalLabel({ label: ['a', 'b'] })).toThrow(/once/);
    expect(() => optionalLabel({ label: { x: 'a' } })).toThrow(/once/);
  });

  it('reads an absent or empty label as none, and /compare insists on one', () => {
    expect(optionalLabel({})).toBeNull();
    expect(optionalLabel({ label: '' })).toBeNull();
    expect(() => requiredLabel({})).toThrow(/required/);
  });
});

describe('runFilterOf (the admin search)', () => {
  it('reads every filter', () => {
    expect(
      runFilterOf({ label: 'office', verdict: 'not-ready', browser: 'firefox', since: '2026-11-30', until: '2026-12-01', limit: '50', offset: '100' }),
    ).toEqual({
      label: 'office',
      verdict: 'not-ready',
      browser: 'firefox',
      since: new Date('2026-11-30T00:00:00.000Z'),
      until: new Date('2026-12-01T23:59:59.999Z'),
      limit: 50,
      offset: 100,
    });
  });

  it('treats empty form fields as absent', () => {
    expect(runFilterOf({ label: '', verdict: '', browser: '', since: '', until: '', limit: '' })).toEqual({});
  });

  it.each([
    [{ verdict: 'green' }, /verdict/],
    [{ browser: 'Chromium<b>' }, /browser/],
    [{ since: '2026-02-30' }, /since/],
    [{ until: 'yesterday' }, /until/],
    [{ limit: '1001' }, /limit/],
    [{ limit: '-1' }, /limit/],
    [{ offset: '1e3' }, /offset/],
  ])('refuses %j', (query, message) => expect(() => runFilterOf(query)).toThrow(message));
});
