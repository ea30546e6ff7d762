// Which browser a visitor runs, as far as its User-Agent tells: the name is the column of the
// comparison report, so it follows the launcher names the CLI uses (chromium, firefox) and
// names the rest as people know them. Pure: unit-tested with real User-Agent strings.
import type { BrowserIdentity } from '../../../../core/results.js';

export interface VisitorBrowser {
  identity: BrowserIdentity;
  /** `Windows`, `macOS`, `iOS 17.4`, `Android 14`, `Linux`…; `unknown` when the UA does not say. */
  os: string;
}

interface BrowserRule {
  name: string;
  /** Its first group is the version. */
  pattern: RegExp;
  note?: string;
}

/** Every browser on iOS and iPadOS is WebKit underneath, whatever its name: the column must say so. */
const IOS_WEBKIT = 'WebKit: every browser on iOS and iPadOS runs on Safari’s engine';

/**
 * First match wins, so the order matters: browsers built on Chromium name Chrome in their UA
 * too (Edge, Opera, Samsung Internet), iOS browsers name Safari, and Safari's own version
 * is in `Version/`.
 */
const RULES: readonly BrowserRule[] = [
  { name: 'edge-ios', pattern: /\bEdgiOS\/([\d.]+)/, note: IOS_WEBKIT },
  { name: 'chrome-ios', pattern: /\bCriOS\/([\d.]+)/, note: IOS_WEBKIT },
  { name: 'firefox-ios', pattern: /\bFxiOS\/([\d.]+)/, note: IOS_WEBKIT },
  { name: 'edge', pattern: /\bEdg(?:e|A)?\/([\d.]+)/ },
  { name: 'opera', pattern: /\bOPR\/([\d.]+)/ },
  { name: 'samsung-internet', pattern: /\bSamsungBrowser\/([\d.]+)/ },
  { name: 'chromium', pattern: /\b(?:HeadlessChrome|Chrome|Chromium)\/([\d.]+)/ },
  { name: 'firefox', pattern: /\bFirefox\/([\d.]+)/ },
  { name: 'safari', pattern: /\bVersion\/([\d.]+)(?: Mobile\/\w+)? Safari\// },
];

const OS_RULES: readonly [RegExp, (match: RegExpExecArray) => string][] = [
  [/\biPad\b.*? OS (\d+)_(\d+)/, (m) => `iPadOS ${m[1]}.${m[2]}`],
  [/\biPhone OS (\d+)_(\d+)/, (m) => `iOS ${m[1]}.${m[2]}`],
  [/\bAndroid (\d+(?:\.\d+)?)/, (m) => `Android ${m[1]}`],
  [/\bWindows NT\b/, () => 'Windows'],
  [/\bCrOS\b/, () => 'ChromeOS'],
  // Browsers freeze the macOS version in their UA (10_15_7), so it says nothing.
  [/\bMac OS X\b/, () => 'macOS'],
  [/\bLinux\b/, () => 'Linux'],
];

function osOf(userAgent: string): string {
  for (const [pattern, name] of OS_RULES) {
    const match = pattern.exec(userAgent);
    if (match) return name(match);
  }
  return 'unknown';
}

/** The visitor's browser from its User-Agent; an unknown one is `unknown` with no version, never a guess. */
export function visitorBrowser(userAgent: string): VisitorBrowser {
  const os = osOf(userAgent);
  for (const rule of RULES) {
    const match = rule.pattern.exec(userAgent);
    if (match) return { identity: { name: rule.name, version: match[1]!, userAgent, ...(rule.note ? { note: rule.note } : {}) }, os };
  }
  return { identity: { name: 'unknown', version: '', userAgent }, os };
}
