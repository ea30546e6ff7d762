import type { BootOptions } from '../../probes/page-kit/bootstrap.js';
import type { AdapterMode, PageProfile } from '../../probes/types.js';
import { embedJson } from '../../reports/sanitize.js';

export const CODE_PREFIX = '/code/';
export const ADAPTER_URL = '/vendor/webrtc-adapter.js';
export const ADAPTER_7_URL = '/vendor/webrtc-adapter-7.js';
export const EDGE_CAPABILITIES_URL = '/vendor/edgehtml18-capabilities.json';

/**
 * What a page profile changes in how pages boot. edge-ortc: the ORTC layer, then adapter 7
 * whatever the adapter mode, since its Edge shim is what builds RTCPeerConnection there.
 */
const PROFILE_BOOT: Readonly<Record<PageProfile, Pick<BootOptions, 'adapterUrl' | 'ortc'>>> = {
  'edge-ortc': { adapterUrl: ADAPTER_7_URL, ortc: { capabilitiesUrl: EDGE_CAPABILITIES_URL } },
};

/** The HTML page a probe runs in: it boots the page kit, which imports the probe's module. */
export function renderProbePage(pageModule: string, adapter: AdapterMode, profile?: PageProfile): string {
  const boot: BootOptions = { pageModuleUrl: CODE_PREFIX + pageModule, adapterUrl: adapter === 'on' ? ADAPTER_URL : null, ...(profile ? PROFILE_BOOT[profile] : {}) };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>webrtc-harness probe</title>
</head>
<body>
<script type="module">
import { boot } from '${CODE_PREFIX}probes/page-kit/bootstrap.js';
boot(${embedJson(boot)});
</script>
</body>
</html>
`;
}
