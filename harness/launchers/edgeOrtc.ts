// The "Edge (ORTC shim)" column. Legacy Edge (EdgeHTML 15-18) spoke ORTC and apps reached it
// through webrtc-adapter's Edge shim; no such browser runs here, but the shim can. This is
// Debian's Chromium, launched as the chromium launcher launches it, with EdgeHTML 18's user
// agent; its pages boot our ORTC layer and adapter 7 (the page profile), so the shim's
// RTCPeerConnection is what probes use.
import type { PageProfile } from '../../probes/types.js';
import type { BrowserIdentity } from '../../core/results.js';
import { packageVersion } from '../server/vendor.js';
import { CHROMIUM_FLAGS, ChromiumLauncher } from './chromium.js';
import type { BrowserSetting } from './launcher.js';

/** Microsoft Edge 44 / EdgeHTML 18.17763 (Windows 10 1809), the last EdgeHTML release. */
export const EDGE_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.17763';

export const EDGE_ORTC_FLAGS: readonly BrowserSetting<string>[] = [
  ...CHROMIUM_FLAGS,
  {
    value: `--user-agent=${EDGE_USER_AGENT}`,
    reason:
      "adapter 7 recognizes Edge, and reads its build (which picks the shim's workarounds), only from a navigator.userAgent ending in Edge/<major>.<build>",
  },
];

export const EDGE_ORTC_NOTE =
  "Not a real Edge: Debian Chromium with EdgeHTML 18's user agent, its WebRTC 1.0 API hidden, an ORTC layer of ours (real ICE gathering, real DTLS certificate, EdgeHTML's published codec capabilities) and webrtc-adapter 7.7.1, whose Edge shim (rtcpeerconnection-shim) builds RTCPeerConnection on it. " +
  "Real: the shim's code, its ICE server filtering, its SDP offers and answers. Not here: an ORTC media engine, so no connection completes and no media or DTMF flows; getUserMedia is Chromium's.";

export class EdgeOrtcLauncher extends ChromiumLauncher {
  override readonly name: string = 'edge-ortc';
  override readonly displayName: string = 'Edge (ORTC shim)';
  override readonly pageProfile: PageProfile = 'edge-ortc';
  protected override readonly flags = EDGE_ORTC_FLAGS;

  /** This column runs in Chromium, so --chromium-path chooses its executable too. */
  protected override get pathOption(): string | null {
    return '--chromium-path';
  }

  /** `EdgeHTML 18 (ORTC shim over Chromium 156.0.8078.108, adapter 7.7.1)`: what the column is, from the UA it was given and what ran. */
  protected override presentIdentity(reported: BrowserIdentity): BrowserIdentity {
    const edgeHtml = /Edge\/(\d+)\./.exec(EDGE_USER_AGENT)?.[1] ?? '?';
    return {
      ...reported,
      version: `EdgeHTML ${edgeHtml} (ORTC shim over Chromium ${reported.version}, adapter ${packageVersion('webrtc-adapter-7')})`,
      note: EDGE_ORTC_NOTE,
    };
  }
}
