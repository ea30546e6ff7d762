import type { BootOptions } from '../../probes/page-kit/bootstrap.js';
import type { AdapterMode } from '../../core/results.js';
import type { PageNeed, PageProfile } from '../../probes/types.js';
import { contentSecurityPolicy } from '../../reports/pages/csp.js';
import { PAGE_PACKAGES, type PagePackage } from '../../reports/pages/packageModules.js';
import { embedJson } from '../../core/sanitize.js';

// Paths under the run's base path (`/<token>`), where the page server mounts everything.
export const CODE_PREFIX = '/code/';
export const ADAPTER_URL = '/vendor/webrtc-adapter.js';
export const ADAPTER_7_URL = '/vendor/webrtc-adapter-7.js';
export const EDGE_CAPABILITIES_URL = '/vendor/edgehtml18-capabilities.json';
export const packageModuleUrl = (name: PagePackage) => `/vendor/modules/${name}.js`;

/**
 * What a page profile changes in how pages boot. edge-ortc: the ORTC layer, then adapter 7
 * whatever the adapter mode, since its Edge shim is what builds RTCPeerConnection there.
 */
const PROFILE_BOOT: Readonly<Record<PageProfile, (base: string) => Pick<BootOptions, 'adapterUrl' | 'ortc'>>> = {
  'edge-ortc': (base) => ({ adapterUrl: base + ADAPTER_7_URL, ortc: { capabilitiesUrl: base + EDGE_CAPABILITIES_URL } }),
};

export interface ProbePage {
  html: string;
  /** Scripts from this origin, the import map and the one inline boot script (both by their hash); nothing else loads. */
  contentSecurityPolicy: string;
}

/**
 * The HTML page a probe runs in: it boots the page kit, which imports the probe's module.
 * `base` is the path the page server mounts everything under (`/<token>`). Under a profile, the
 * page kit checks `needs` (the probe spec's) against what the profile lacks before the page runs;
 * in every browser it looks up the entry points the page `uses`.
 */
export function renderProbePage(
  pageModule: string,
  adapter: AdapterMode,
  profile: PageProfile | undefined,
  base: string,
  needs: readonly PageNeed[] = [],
  uses: readonly string[] = [],
): ProbePage {
  const boot: BootOptions = {
    pageModuleUrl: base + CODE_PREFIX + pageModule,
    adapterUrl: adapter === 'on' ? base + ADAPTER_URL : null,
    ...(profile ? { ...PROFILE_BOOT[profile](base), ...(needs.length ? { needs: [...needs] } : {}) } : {}),
    ...(uses.length ? { uses: [...uses] } : {}),
  };
  // Page code imports these packages by name (core/sdp: `from 'sdp-transform'`); the map resolves the names.
  const importMap = embedJson({ imports: Object.fromEntries(PAGE_PACKAGES.map((name) => [name, base + packageModuleUrl(name)])) });
  const script = `
import { boot } from ${embedJson(`${base}${CODE_PREFIX}probes/page-kit/bootstrap.js`)};
boot(${embedJson(boot)});
`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>webrtc-harness probe</title>
</head>
<body>
<script type="importmap">${importMap}</script>
<script type="module">${script}</script>
</body>
</html>
`;
  return { html, contentSecurityPolicy: contentSecurityPolicy({ inlineScripts: [importMap, script], delivery: 'served' }) };
}
