import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseCommandArgs, parseDuration } from './command.js';

describe('parseDuration', () => {
  it.each([
    ['20s', 20_000],
    ['1500ms', 1_500],
    ['2m', 120_000],
    ['7', 7_000],
    ['0.5s', 500],
  ])('%s -> %d ms', (text, ms) => expect(parseDuration(text, '--timeout')).toBe(ms));

  it.each(['', 'fast', '10h', '-1s', '0'])('rejects %j as a usage error', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
  });

  it('takes the longest delay timers allow, and refuses longer ones naming the option (setTimeout would fire at once)', () => {
    expect(parseDuration('2147483647ms', '--timeout')).toBe(2_147_483_647);
    for (const text of ['2147483648ms', '2147484s', '99999999m']) {
      expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
      expect(() => parseDuration(text, '--timeout')).toThrow(`--timeout ${text} is longer than timers allow`);
    }
  });
});

describe('parseCommandArgs', () => {
  it('turns unknown options into a UsageError naming the option', () => {
    expect(() => parseCommandArgs(['--bogus'], { out: { type: 'string' } })).toThrow(/--bogus/);
    expect(() => parseCommandArgs(['--bogus'], { out: { type: 'string' } })).toThrow(UsageError);
  });
});
