// Builds a scenario's namespaces for real (root only) and takes them down again. Every
// namespace is recorded in the run's record (so a SIGKILLed run's namespaces are removed at
// the next start) and pushed on the teardown stack before it exists, so a failure half-way
// through still removes what was made.
import { randomBytes } from 'node:crypto';
import { EnvironmentError } from '../errors.js';
import { removeLeftoversBeforeStart } from '../ownership/leftovers.js';
import { claim, release } from '../ownership/runRecord.js';
import type { TeardownStack } from '../teardown.js';
import { deleteNamespace, runCommand } from './namespaceCommands.js';
import type { NetworkPlacement } from './placement.js';
import { SCENARIO_TURN_HOST_NAME, writeNamespaceHosts } from './namespaceHosts.js';
import { ADDRESSES, IPV6_ADDRESSES, namespaceNames, planTopology, SCENARIO_JANUS_PORTS, scenarioTurnPorts } from './topology.js';
import type { Scenario } from './scenarios.js';

export function assertCanBuildScenarios(): void {
  if (process.getuid?.() !== 0) {
    throw new EnvironmentError(
      'network scenarios need root: they create network namespaces, veth pairs and firewall rules',
      'run as root (e.g. sudo), or use the default loopback scenario',
    );
  }
}

let builds = 0;

const inNamespace = (name: string): string[] => ['ip', 'netns', 'exec', name];

/**
 * Builds the scenario and says where everything sits in it: the browsers in the client
 * namespace, coturn on the public one with the very ports the firewall lets through.
 */
export async function buildScenario(scenario: Scenario, teardown: TeardownStack): Promise<NetworkPlacement> {
  assertCanBuildScenarios();
  await removeLeftoversBeforeStart();
  // The random part keeps the names unguessable: nobody can pre-create one the reaper would take for ours.
  const names = namespaceNames(process.pid, `${builds++}-${randomBytes(3).toString('hex')}`);
  const ports = scenarioTurnPorts(scenario);
  const plan = planTopology(scenario, names, ports);
  for (const name of plan.namespaces) {
    const owned = { kind: 'namespace', name } as const;
    await claim(owned);
    teardown.push(`namespace ${name}`, async () => {
      await deleteNamespace(name);
      await release(owned);
    });
    await runCommand(['ip', 'netns', 'add', name]);
  }
  for (const command of plan.commands) await runCommand(command);
  // Removed with the namespace (deleteNamespace), so a crashed run's reaper removes it too.
  await writeNamespaceHosts(names.client, { [SCENARIO_TURN_HOST_NAME]: ADDRESSES.server });
  return {
    scenario: scenario.name,
    clientPrefix: inNamespace(names.client),
    namespaces: plan.namespaces,
    turn: {
      prefix: inNamespace(names.public),
      listenIp: ADDRESSES.server,
      alternateIp: ADDRESSES.serverAlternate,
      ...(scenario.ipv6 ? { ipv6: { listenIp: IPV6_ADDRESSES.server, alternateIp: IPV6_ADDRESSES.serverAlternate } } : {}),
      tlsHostName: SCENARIO_TURN_HOST_NAME,
      ports,
    },
    // Beside coturn, so a call to it crosses the router; media on coturn's relay address, the one peer coturn relays to.
    mediaServer: { prefix: inNamespace(names.public), httpIp: ADDRESSES.server, mediaIp: ADDRESSES.server, ports: SCENARIO_JANUS_PORTS },
  };
}
