import { ChromiumLauncher } from './chromium.js';
import { EdgeOrtcLauncher } from './edgeOrtc.js';
import { FirefoxLauncher } from './firefox.js';
import type { BrowserLauncher } from './launcher.js';

/** Every browser kind the harness can launch, by the name used on the command line. */
export const LAUNCHERS: Readonly<Record<string, BrowserLauncher>> = {
  chromium: new ChromiumLauncher(),
  firefox: new FirefoxLauncher(),
  'edge-ortc': new EdgeOrtcLauncher(),
};

export const DEFAULT_BROWSERS = ['chromium', 'firefox'] as const;
