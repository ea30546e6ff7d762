// The steps `run` and `check` set up, in order: the network (a scenario's namespaces), then
// the ICE servers under test (the embedded coturn, placed where the network says), then the
// media server under test (the embedded Janus beside coturn, or the user's), reading the same
// placement.
import { type IceOptionValues, type IceSetup, setUpIceServers } from '../commands/iceOptions.js';
import { type MediaServerOptionValues, type MediaServerSetup, setUpMediaServer } from '../commands/mediaServerOptions.js';
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
  /** The media server under test, once its step ran (null: no probe of the run calls one, or Ctrl-C came first). */
  mediaServer: MediaServerSetup | null;
}

export function freshRunEnvironment(): RunEnvironment {
  return { network: LOOPBACK_NETWORK, ice: null, mediaServer: null };
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

/** The embedded Janus (or the user's): a step of its own, so the serve command can list it too. */
export function mediaServerStep(values: MediaServerOptionValues): EnvironmentStep<RunEnvironment> {
  return {
    title: 'media server',
    async setup(environment) {
      environment.mediaServer = await setUpMediaServer(values, environment.network.mediaServer, environment.network.scenario);
    },
    async teardown(environment) {
      await environment.mediaServer?.stop();
    },
  };
}

export interface RunEnvironmentRequest {
  /** null: loopback, the machine's own network. */
  scenario: Scenario | null;
  /** The ICE options, when the run's probes test ICE servers; null: none are set up. */
  ice: IceOptionValues | null;
  /** The media server options, when the run's probes call one; null: none is set up. */
  mediaServer: MediaServerOptionValues | null;
}

export function runEnvironmentSteps(request: RunEnvironmentRequest): EnvironmentStep<RunEnvironment>[] {
  return [
    ...(request.scenario ? [scenarioStep(request.scenario)] : []),
    ...(request.ice ? [iceServersStep(request.ice)] : []),
    ...(request.mediaServer ? [mediaServerStep(request.mediaServer)] : []),
  ];
}
