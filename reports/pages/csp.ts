// The one Content-Security-Policy builder for every page the harness makes: the saved pages
// (HTML report, chart page) and the served ones (probe pages, serve's readiness page). Inline scripts and styles are
// allowed by their sha256 hash only: never 'unsafe-inline' or 'unsafe-eval', so text that
// gets into a page as data can never run.
import { createHash } from 'node:crypto';

/** A CSP source expression for exactly this inline text. */
export const sha256Source = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export interface PagePolicy {
  /** The text of each inline script that may run. */
  inlineScripts: readonly string[];
  /** The text of each inline <style> element. */
  inlineStyles?: readonly string[];
  /**
   * 'file': a self-contained page opened from disk; it loads nothing, may show data: images,
   * and uses no string-to-DOM sinks, so Trusted Types are required (an innerHTML with a string throws).
   * 'served': a page from the page server; it imports modules from and talks to its own origin,
   * and the policy travels in a header, where frame-ancestors works (a <meta> policy cannot say it).
   * 'served-bundle': a built page that `serve` sends to visitors (the readiness page): all its
   * script is inline (bundled), so nothing loads by source; it fetches from its own origin only
   * and, like a file page, uses no string-to-DOM sinks (Trusted Types). Built pages carry their
   * policy in a <meta>, where frame-ancestors is ignored: the server adds FRAME_ANCESTORS_NONE
   * to the header it sends (reports/pages/render.ts servedPolicy).
   */
  delivery: 'file' | 'served' | 'served-bundle';
}

/** No page of ours may be framed (clickjacking); only a header can say so. */
export const FRAME_ANCESTORS_NONE = "frame-ancestors 'none'";

export function contentSecurityPolicy(policy: PagePolicy): string {
  const scripts = policy.inlineScripts.map(sha256Source);
  const styles = (policy.inlineStyles ?? []).map(sha256Source);
  const { delivery } = policy;
  return [
    "default-src 'none'",
    `script-src ${[...(delivery === 'served' ? ["'self'"] : []), ...scripts].join(' ') || "'none'"}`,
    ...(styles.length ? [`style-src ${styles.join(' ')}`] : []),
    // data: images: what a self-contained page can show (and its `data:,` favicon, so browsers ask the server for none).
    ...(delivery === 'served' ? [] : ['img-src data:']),
    ...(delivery === 'file' ? [] : ["connect-src 'self'"]),
    "base-uri 'none'",
    "form-action 'none'",
    ...(delivery === 'served' ? [FRAME_ANCESTORS_NONE] : ["require-trusted-types-for 'script'"]),
  ].join('; ');
}
