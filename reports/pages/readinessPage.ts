// GET / of `webrtc-harness serve`: the visitor's readiness page (built by npm run build from
// reports/pages/client/readiness/), with the visit's config in its data block.
import type { ServedPageConfig } from '../servedRun.js';
import { type ServedPage, renderServedPage } from './render.js';

/** Send `html` with `contentSecurityPolicy` as the Content-Security-Policy header. */
export function renderReadinessPage(config: ServedPageConfig): ServedPage {
  return renderServedPage('readiness', config);
}
