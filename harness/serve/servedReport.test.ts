import { describe, expect, it } from 'vitest';
import { loadResultsFixture } from '../../test/support/resultsFixtures.js';
import { headerPolicyOf, servedReport } from './servedReport.js';

describe('servedReport', () => {
  it("sends the CLI's report with its own policy as a header, plus frame-ancestors", () => {
    const { html, contentSecurityPolicy } = servedReport(loadResultsFixture('check-all-pass.json'));
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    expect(contentSecurityPolicy).toBe(`${meta}; frame-ancestors 'none'`);
    expect(contentSecurityPolicy).toMatch(/script-src 'sha256-/);
  });

  it('refuses a page without a policy rather than sending one without', () => {
    expect(() => headerPolicyOf('<html><head></head></html>')).toThrow(/npm run build/);
  });
});
