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
});

describe('parseCommandArgs', () => {
  it('turns unknown options into a UsageError naming the option', () => {
    expect(() => parseCommandArgs(['--bogus'], { out: { type: 'string' } })).toThrow(/--bogus/);
    expect(() => parseCommandArgs(['--bogus'], { out: { type: 'string' } })).toThrow(UsageError);
  });
});
