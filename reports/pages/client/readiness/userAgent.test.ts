// Real User-Agent strings of the browsers visitors bring, and what column each becomes.
import { describe, expect, it } from 'vitest';
import { visitorBrowser } from './userAgent.js';

const CASES: readonly [string, string, string, string, boolean][] = [
  // [what, user agent, name, version, iOS WebKit note]
  [
    'headless Chromium (the e2e visitor)',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/142.0.0.0 Safari/537.36',
    'chromium',
    '142.0.0.0',
    false,
  ],
  [
    'Chrome on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'chromium',
    '131.0.0.0',
    false,
  ],
  ['Firefox ESR on Linux', 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', 'firefox', '140.0', false],
  [
    'Safari on macOS',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
    'safari',
    '17.4.1',
    false,
  ],
  [
    'Safari on an iPhone',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    'safari',
    '17.4',
    false,
  ],
  [
    'Chrome on an iPhone',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/123.0.6312.52 Mobile/15E148 Safari/604.1',
    'chrome-ios',
    '123.0.6312.52',
    true,
  ],
  [
    'Firefox on an iPad',
    'Mozilla/5.0 (iPad; CPU OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/124.0 Mobile/15E148 Safari/605.1.15',
    'firefox-ios',
    '124.0',
    true,
  ],
  [
    'Chrome on Android',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
    'chromium',
    '124.0.6367.82',
    false,
  ],
  [
    'Samsung Internet',
    'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
    'samsung-internet',
    '24.0',
    false,
  ],
  [
    'Edge on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
    'edge',
    '131.0.2903.86',
    false,
  ],
  [
    'Opera',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0',
    'opera',
    '115.0.0.0',
    false,
  ],
];

describe('visitorBrowser', () => {
  it.each(CASES)('%s -> its column', (_what, userAgent, name, version, iosWebKit) => {
    const { identity } = visitorBrowser(userAgent);
    expect(identity).toMatchObject({ name, version, userAgent });
    expect(identity.note !== undefined).toBe(iosWebKit);
  });

  it('tells the operating system where the UA says it', () => {
    const os = (i: number) => visitorBrowser(CASES[i]![1]).os;
    expect([os(0), os(1), os(3), os(4), os(6), os(7)]).toEqual(['Linux', 'Windows', 'macOS', 'iOS 17.4', 'iPadOS 16.7', 'Android 14']);
  });

  it('calls what it does not know unknown, without a version, and keeps the UA as given', () => {
    expect(visitorBrowser('curl/8.5.0')).toEqual({ identity: { name: 'unknown', version: '', userAgent: 'curl/8.5.0' }, os: 'unknown' });
    expect(visitorBrowser('')).toEqual({ identity: { name: 'unknown', version: '', userAgent: '' }, os: 'unknown' });
  });
});
