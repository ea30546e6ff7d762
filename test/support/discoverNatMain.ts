// `ip netns exec NS node dist/test/support/discoverNatMain.js URL...`: the harness's RFC 5780
// client (the very function `check` runs in its worker) from inside a namespace, printing what
// it recorded as JSON. Tests and the fixture tool use it where no browser is needed.
import { parseIceUrl } from '../../harness/ice/servers.js';
import { discoverNatBehind } from '../../harness/nat/discover.js';

process.stdout.write(`${JSON.stringify(await discoverNatBehind(process.argv.slice(2).map(parseIceUrl)))}\n`);
