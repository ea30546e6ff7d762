// NAT behaviour discovery inside a scenario built for real (root), by two clients: the
// harness's own (harness/nat/discover.ts) and coturn's turnutils_natdiscovery, the independent
// witness. Both run in the client namespace against the embedded coturn in the public one.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { embeddedTurnAt } from '../../harness/commands/iceOptions.js';
import { buildScenario } from '../../harness/network/netns.js';
import { findScenario } from '../../harness/network/scenarios.js';
import { TeardownStack } from '../../harness/teardown.js';
import { startEmbeddedTurn } from '../../harness/turn/coturn.js';
import type { FilteringBehaviour, MappingBehaviour, NatDiscovery } from '../../core/natBehaviour.js';
import { COMPILED_ROOT } from '../../reports/paths.js';

const execFileAsync = promisify(execFile);
/** Every process started here dies with the test process, whatever happens to it. */
const DIES_WITH_US = ['setpriv', '--pdeathsig', 'KILL', '--'];

export interface ScenarioServers {
  /** Command prefix into the client namespace. */
  client: readonly string[];
  /** The embedded coturn's stun: URLs (IPv4 primary and alternate, IPv6 where the scenario has it). */
  stunUrls: string[];
}

/** Builds the scenario and its coturn, runs `body`, and removes both whatever happens. */
export async function inScenario<T>(name: string, body: (servers: ScenarioServers) => Promise<T>): Promise<T> {
  const teardown = new TeardownStack();
  const result = await (async () => {
    const built = await buildScenario(findScenario(name)!, teardown);
    const turn = await startEmbeddedTurn(embeddedTurnAt(built.turn));
    teardown.push('coturn', () => turn.stop());
    const stunUrls = turn.servers.filter((s) => s.scheme === 'stun').map((s) => s.url);
    return body({ client: built.clientPrefix ?? [], stunUrls });
  })().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  // Torn down on every path; a failed teardown is a failure too, after the body's own error.
  const failures = await teardown.unwind();
  if (!result.ok) throw result.error;
  if (failures.length) throw new Error(`teardown: ${failures.join('; ')}`);
  return result.value;
}

/** The harness's client, in the namespace `client` leads into. */
export async function harnessDiscovery(client: readonly string[], urls: readonly string[]): Promise<NatDiscovery[]> {
  const [file, ...args] = [...client, ...DIES_WITH_US, process.execPath, join(COMPILED_ROOT, 'test', 'support', 'discoverNatMain.js'), ...urls];
  const { stdout } = await execFileAsync(file!, args, { timeout: 30_000 });
  return JSON.parse(stdout) as NatDiscovery[];
}

export interface NatdiscoveryVerdict {
  mapping: MappingBehaviour | null;
  filtering: FilteringBehaviour | null;
  hairpinning: boolean;
  output: string;
}

const BEHAVIOUR: Record<string, FilteringBehaviour> = {
  'Endpoint Independent': 'endpoint-independent',
  'Address Dependent': 'address-dependent',
  'Address and Port Dependent': 'address-and-port-dependent',
};

/**
 * turnutils_natdiscovery -m, -f and -H (each its own process and sockets, at once) against
 * `ip`:3478. It prints its verdicts as sentences ("NAT with Endpoint Independent Mapping!") and
 * exits 0 either way; hairpinning shows only as "Received a request (maybe a successful hairpinning)".
 */
export async function natdiscoveryVerdict(client: readonly string[], ip: string, localIp: string): Promise<NatdiscoveryVerdict> {
  const run = async (flag: string) => {
    // -L: bound to the client's address (not 0.0.0.0), it can tell a mapped address that is its own: "No NAT!".
    const [file, ...args] = [...client, ...DIES_WITH_US, 'turnutils_natdiscovery', flag, '-L', localIp, ip];
    const { stdout, stderr } = await execFileAsync(file!, args, { timeout: 60_000 });
    return `${stdout}${stderr}`;
  };
  const [mapping, filtering, hairpinning] = await Promise.all([run('-m'), run('-f'), run('-H')]);
  const verdict = (text: string, what: string): string | null => new RegExp(`NAT with (.+) ${what}!`).exec(text)?.[1] ?? null;
  const mapped = /No NAT! \(Endpoint Independent Mapping\)/.test(mapping) ? 'no NAT' : (BEHAVIOUR[verdict(mapping, 'Mapping') ?? ''] ?? null);
  return {
    mapping: mapped,
    filtering: BEHAVIOUR[verdict(filtering, 'Filtering') ?? ''] ?? null,
    hairpinning: hairpinning.includes('Received a request (maybe a successful hairpinning)'),
    output: [mapping, filtering, hairpinning].join('\n'),
  };
}
