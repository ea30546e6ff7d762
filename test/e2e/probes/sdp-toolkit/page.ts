// A page that runs core's SDP toolkit in the browser, the way probe pages can: the e2e proof that
// core/sdp and sdp-transform (an ES module build, found through the probe page's import map)
// load and work under the page's CSP.
import { type Sdp, codecsOf, parse, write } from '../../../../core/sdp/index.js';

export interface ToolkitRun {
  parsed: Sdp;
  written: string;
  /** Codec identities of the first m-section, through the toolkit's own codec model. */
  codecs: string[];
}

export function run(sdp: string): ToolkitRun {
  const parsed = parse(sdp);
  return { parsed, written: write(parsed), codecs: codecsOf(parsed.media[0]!).map((c) => c.identity) };
}
