import { describe, expect, it } from 'vitest';
import { adminTokenDigest, isAdmin } from './adminAuth.js';

const TOKEN = 'tok-8c1f0a9e47b2';
const expected = adminTokenDigest(TOKEN);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('isAdmin', () => {
  it.each([
    ['Bearer with the token', `Bearer ${TOKEN}`],
    ['bearer in lower case', `bearer ${TOKEN}`],
    ['Basic with the token as password, any user', basic('admin', TOKEN)],
    ['Basic with an empty user', basic('', TOKEN)],
  ])('accepts %s', (_name, header) => expect(isAdmin(header, expected)).toBe(true));

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a wrong token', 'Bearer tok-8c1f0a9e47b3'],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token plus more', `Bearer ${TOKEN}x`],
    ['the token as Basic user name', basic(TOKEN, '')],
    ['Basic without a colon', `Basic ${Buffer.from(TOKEN).toString('base64')}`],
    ['the token without a scheme', TOKEN],
    ['another scheme', `Token ${TOKEN}`],
  ])('refuses %s', (_name, header) => expect(isAdmin(header, expected)).toBe(false));

  it('refuses an empty Bearer token even against the digest of an empty token', () => {
    expect(isAdmin('Bearer ', adminTokenDigest(''))).toBe(false);
    expect(isAdmin(undefined, adminTokenDigest(''))).toBe(false);
  });
});
