// What the harness asks a remote WebDriver endpoint for. It does not know which browser stands
// behind the URL (a Grid may have several), so it offers W3C `firstMatch` alternatives in this
// order and the endpoint takes the first it can give: each with the settings our own launchers
// use (fake media, no permission prompts), since a remote browser gets them only this way.
import type { CapabilitiesRequest } from './client.js';
import { CHROMIUM_FLAGS } from '../launchers/chromium.js';
import { FIREFOX_PREFS } from '../launchers/firefox.js';

export interface RemoteBrowserOffer {
  browserName: string;
  /** The vendor options sent with it. */
  options: Record<string, unknown>;
  reason: string;
}

export const REMOTE_BROWSER_OFFERS: readonly RemoteBrowserOffer[] = [
  {
    browserName: 'chrome',
    options: { 'goog:chromeOptions': { args: ['--headless=new', ...CHROMIUM_FLAGS.map((f) => f.value)] } },
    reason: "the chromium launcher's flags (fake camera and microphone, no prompts); headless, since a Grid node need not have a display",
  },
  {
    browserName: 'firefox',
    options: {
      'moz:firefoxOptions': { args: ['-headless'], prefs: Object.fromEntries(Object.entries(FIREFOX_PREFS).map(([name, setting]) => [name, setting.value])) },
    },
    reason: "the firefox launcher's prefs (fake media, no permission prompt, loopback ICE)",
  },
  {
    browserName: 'safari',
    options: {},
    reason:
      'safaridriver takes no media options: camera and microphone are real ones, allowed in Safari settings on that Mac (README: "Safari through safaridriver")',
  },
];

/** The capabilities request: one alternative per offer, in order. */
export function remoteCapabilities(offers: readonly RemoteBrowserOffer[] = REMOTE_BROWSER_OFFERS): CapabilitiesRequest {
  return { firstMatch: offers.map((offer) => ({ browserName: offer.browserName, ...offer.options })) };
}
