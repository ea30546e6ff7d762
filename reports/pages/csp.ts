// The one Content-Security-Policy builder for every page the harness makes: the saved pages
// (HTML report, chart page) and the served ones (probe pages). Inline scripts and styles are
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
   */
  delivery: 'file' | 'served';
}

export function contentSecurityPolicy(policy: PagePolicy): string {
  const scripts = policy.inlineScripts.map(sha256Source);
  const styles = (policy.inlineStyles ?? []).map(sha256Source);
  const served = policy.delivery === 'served';
  return [
    "default-src 'none'",
    `script-src ${[...(served ? ["'self'"] : []), ...scripts].join(' ') || "'none'"}`,
    ...(styles.length ? [`style-src ${styles.join(' ')}`] : []),
    ...(served ? ["connect-src 'self'"] : ['img-src data:']),
    "base-uri 'none'",
    "form-action 'none'",
    ...(served ? ["frame-ancestors 'none'"] : ["require-trusted-types-for 'script'"]),
  ].join('; ');
}
