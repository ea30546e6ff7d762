// The steps `run` and `check` set up, in order: the network (a scenario's namespaces), then
// the ICE servers under test (the embedded coturn, placed where the network says). Janus
// will be one more step here, reading the same placement.
import { type IceOptionValues, type IceSetup, setUpIceServers } from '../commands/iceOptions.js';
import { buildScenario } from '../network/netns.js';
import { LOOPBACK_NETWORK, type NetworkPlacement } from '../network/placement.js';
import type { Scenario } from '../network/scenarios.js';
import { TeardownStack } from '../teardown.js';
import type { EnvironmentStep } from './steps.js';

export interface RunEnvironment {
  /** Where everything sits: loopback until a scenario step builds its network. */
  network: NetworkPlacement;
  /** The servers under test, once their step ran (null: no step asked for them, or Ctrl-C came first). */
  ice: IceSetup | null;
}

export function freshRunEnvironment(): RunEnvironment {
  return { network: LOOPBACK_NETWORK, ice: null };
}

function scenarioStep(scenario: Scenario): EnvironmentStep<RunEnvironment> {
  // One entry per namespace, pushed before each exists: a build that fails half-way is undone too.
  const namespaces = new TeardownStack();
  return {
    title: `scenario ${scenario.name}`,
    async setup(environment) {
      environment.network = await buildScenario(scenario, namespaces);
    },
    async teardown() {
      const failures = await namespaces.unwind();
      if (failures.length) throw new Error(failures.join('; '));
    },
  };
}

function iceServersStep(values: IceOptionValues): EnvironmentStep<RunEnvironment> {
  return {
    title: 'ICE servers',
    async setup(environment) {
      environment.ice = await setUpIceServers(values, environment.network);
    },
    async teardown(environment) {
      await environment.ice?.stop();
    },
  };
}

export interface RunEnvironmentRequest {
  /** null: loopback, the machine's own network. */
  scenario: Scenario | null;
  /** The ICE options, when the run's probes test ICE servers; null: none are set up. */
  ice: IceOptionValues | null;
}

export function runEnvironmentSteps(request: RunEnvironmentRequest): EnvironmentStep<RunEnvironment>[] {
  return [...(request.scenario ? [scenarioStep(request.scenario)] : []), ...(request.ice ? [iceServersStep(request.ice)] : [])];
}
