import { ChromiumLauncher } from './chromium.js';
import { EdgeOrtcLauncher } from './edgeOrtc.js';
import { FirefoxLauncher } from './firefox.js';
import type { BrowserLauncher, BrowserSource } from './launcher.js';
import { WebKitGtkLauncher } from './webkitgtk.js';

/** Every browser kind the harness launches through puppeteer, by the name used on the command line. */
export const LAUNCHERS: Readonly<Record<string, BrowserLauncher>> = {
  chromium: new ChromiumLauncher(),
  firefox: new FirefoxLauncher(),
  'edge-ortc': new EdgeOrtcLauncher(),
};

/** Every browser -b can name: the puppeteer launchers, and WebKitGTK driven over classic WebDriver. */
export const LOCAL_BROWSERS: Readonly<Record<string, BrowserSource>> = {
  ...LAUNCHERS,
  webkit: new WebKitGtkLauncher(),
};

export const DEFAULT_BROWSERS = ['chromium', 'firefox'] as const;
