import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { resolveSecret, type SecretOption } from './secretOption.js';

const OPTION: SecretOption = { flag: '--turn-secret', fileFlag: '--turn-secret-file', envVar: 'WH_TEST_SECRET' };

function secretFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'wh-secret-')), 'secret');
  writeFileSync(file, content);
  chmodSync(file, 0o600);
  return file;
}

describe('resolveSecret', () => {
  it('takes the secret from the flag, the file or the environment variable', () => {
    expect(resolveSecret(OPTION, { value: 'north-wind' }, {})).toBe('north-wind');
    expect(resolveSecret(OPTION, { file: secretFile('north-wind') }, {})).toBe('north-wind');
    expect(resolveSecret(OPTION, {}, { WH_TEST_SECRET: 'north-wind' })).toBe('north-wind');
    expect(resolveSecret(OPTION, {}, {})).toBeUndefined();
  });

  it('strips the one trailing newline an editor or echo adds to the file, and nothing else', () => {
    expect(resolveSecret(OPTION, { file: secretFile('north-wind\n') }, {})).toBe('north-wind');
    expect(resolveSecret(OPTION, { file: secretFile('north-wind\r\n') }, {})).toBe('north-wind');
    expect(resolveSecret(OPTION, { file: secretFile(' north wind \n\n') }, {})).toBe(' north wind \n');
  });

  it('refuses an empty secret in any spelling', () => {
    expect(() => resolveSecret(OPTION, { file: secretFile('\n') }, {})).toThrow(/--turn-secret-file .* is empty/);
    expect(() => resolveSecret(OPTION, {}, { WH_TEST_SECRET: '' })).toThrow(/WH_TEST_SECRET is empty/);
    expect(() => resolveSecret(OPTION, { value: '' }, {})).toThrow(UsageError);
  });

  it('refuses two spellings at once, without quoting either value', () => {
    const both = [
      () => resolveSecret(OPTION, { value: 'north-wind', file: secretFile('south-wind') }, {}),
      () => resolveSecret(OPTION, { value: 'north-wind' }, { WH_TEST_SECRET: 'south-wind' }),
      () => resolveSecret(OPTION, { file: secretFile('south-wind') }, { WH_TEST_SECRET: 'north-wind' }),
    ];
    for (const resolve of both) {
      expect(resolve).toThrow(/give the secret one way, not with --turn-secret/);
      expect(resolve).not.toThrow(/north-wind|south-wind/);
    }
  });

  it('is a usage error naming the file when it cannot be read', () => {
    expect(() => resolveSecret(OPTION, { file: '/nonexistent/secret' }, {})).toThrow(/--turn-secret-file \/nonexistent\/secret: cannot read it \(ENOENT\)/);
  });
});
