import type { AdapterMode } from '../../probes/types.js';

export const CODE_PREFIX = '/code/';
export const ADAPTER_URL = '/vendor/webrtc-adapter.js';

/** JSON that is safe inside an inline <script>: no `</script>` or `<!--` can be formed. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The HTML page a probe runs in: it boots the page kit, which imports the probe's module. */
export function renderProbePage(pageModule: string, adapter: AdapterMode): string {
  const boot = { pageModuleUrl: CODE_PREFIX + pageModule, adapterUrl: adapter === 'on' ? ADAPTER_URL : null };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>webrtc-harness probe</title>
</head>
<body>
<script type="module">
import { boot } from '${CODE_PREFIX}probes/page-kit/bootstrap.js';
boot(${scriptJson(boot)});
</script>
</body>
</html>
`;
}
