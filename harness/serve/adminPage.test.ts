import { describe, expect, it } from 'vitest';
import { sha256Source } from '../../reports/pages/csp.js';
import { ADMIN_PAGE_POLICY, renderAdminPage } from './adminPage.js';

const hostile = '<img src=x onerror=alert(1)>"\'&';

describe('renderAdminPage', () => {
  const html = renderAdminPage({
    search: { label: hostile, browser: '"><script>alert(2)</script>' },
    runs: [
      {
        id: 'RFucP7_3R0GHvQPOyXJxt0nb',
        createdAt: new Date('2026-12-01T09:00:00Z'),
        label: 'office',
        userAgent: hostile,
        clientIp: null,
        verdict: 'not-ready',
        browsers: ['chromium'],
      },
    ],
    error: null,
    storeDescription: 'sqlite:/var/lib/x.db',
  });

  it('shows visitor text only as text, also inside attribute values', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&apos;&amp;');
  });

  it('links each run to its report and its label to the comparison', () => {
    expect(html).toContain('href="/r/RFucP7_3R0GHvQPOyXJxt0nb"');
    expect(html).toContain('href="/compare?label=office"');
  });

  it('runs no script, and its policy allows exactly its own style', () => {
    expect(ADMIN_PAGE_POLICY).not.toContain('script-src');
    expect(ADMIN_PAGE_POLICY).toContain("default-src 'none'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(ADMIN_PAGE_POLICY).toContain(sha256Source(style));
  });

  it('shows why a search was refused instead of the list', () => {
    const refused = renderAdminPage({ search: {}, runs: [], error: 'verdict must be one of ready, degraded, not-ready', storeDescription: 's' });
    expect(refused).toContain('class="error"');
    expect(refused).not.toContain('<table>');
  });
});
