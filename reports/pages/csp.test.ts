import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, sha256Source } from './csp.js';

describe('contentSecurityPolicy', () => {
  it('hashes inline text as CSP sha256 sources (base64 of the UTF-8 bytes)', () => {
    expect(sha256Source('é')).toBe(`'sha256-${createHash('sha256').update(Buffer.from('é', 'utf8')).digest('base64')}'`);
  });

  it('a file page: its scripts and styles by hash, data: images, Trusted Types, nothing from anywhere', () => {
    expect(contentSecurityPolicy({ inlineScripts: ['a()', 'b()'], inlineStyles: ['p{}'], delivery: 'file' })).toBe(
      `default-src 'none'; script-src ${sha256Source('a()')} ${sha256Source('b()')}; style-src ${sha256Source('p{}')}; img-src data:; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'`,
    );
  });

  it('a served page: modules and fetches from its own origin, its inline script by hash, no framing', () => {
    expect(contentSecurityPolicy({ inlineScripts: ['boot()'], delivery: 'served' })).toBe(
      `default-src 'none'; script-src 'self' ${sha256Source('boot()')}; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
  });

  it('a served bundle: its script and styles by hash only, fetches from its own origin, Trusted Types (framing: in the header)', () => {
    expect(contentSecurityPolicy({ inlineScripts: ['app()'], inlineStyles: ['p{}'], delivery: 'served-bundle' })).toBe(
      `default-src 'none'; script-src ${sha256Source('app()')}; style-src ${sha256Source('p{}')}; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'`,
    );
  });

  it("a page without inline scripts runs none: script-src 'none', never an empty list", () => {
    expect(contentSecurityPolicy({ inlineScripts: [], delivery: 'file' })).toContain("script-src 'none';");
  });
});
