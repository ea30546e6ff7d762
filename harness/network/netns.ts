// Builds a scenario's namespaces for real (root only) and takes them down again. Every
// namespace is pushed on the teardown stack as soon as it exists, so a failure half-way
// through still removes what was made.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EnvironmentError, errorMessage } from '../errors.js';
import type { TeardownStack } from '../teardown.js';
import { type CommandLine, type NamespaceNames, namespaceNames, ownerOf, planTopology, type TurnPorts } from './topology.js';
import type { Scenario } from './scenarios.js';

const execFileAsync = promisify(execFile);

async function sh(command: CommandLine): Promise<string> {
  const [file, ...args] = command;
  try {
    const { stdout } = await execFileAsync(file!, args, { timeout: 15_000 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${command.join(' ')} failed: ${stderr || errorMessage(error)}`);
  }
}

export function assertCanBuildScenarios(): void {
  if (process.getuid?.() !== 0) {
    throw new EnvironmentError('network scenarios need root: they create network namespaces, veth pairs and firewall rules', 'run as root (e.g. sudo), or use the default loopback scenario');
  }
}

async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Ends every process still inside a namespace (browsers, coturn), then deletes it. */
export async function deleteNamespace(name: string): Promise<void> {
  const pids = (await sh(['ip', 'netns', 'pids', name]).catch(() => ''))
    .split('\n')
    .map(Number)
    .filter((pid) => pid > 0);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await sh(['ip', 'netns', 'delete', name]).catch((error: unknown) => {
    if (!/No such file/.test(errorMessage(error))) throw error;
  });
}

/** Removes namespaces left by runs that were killed before their teardown ran. */
export async function removeStaleNamespaces(): Promise<string[]> {
  const listed = (await sh(['ip', 'netns', 'list']).catch(() => '')).split('\n').map((line) => line.split(' ')[0] ?? '');
  const stale: string[] = [];
  for (const name of listed) {
    const owner = ownerOf(name);
    if (owner !== null && owner !== process.pid && !(await isAlive(owner))) stale.push(name);
  }
  for (const name of stale) await deleteNamespace(name);
  return stale;
}

export interface BuiltScenario {
  scenario: Scenario;
  names: NamespaceNames;
  /** Prefix that runs a command inside one of the namespaces. */
  wrapper(namespace: string): string[];
}

let builds = 0;

export async function buildScenario(scenario: Scenario, turn: TurnPorts, teardown: TeardownStack): Promise<BuiltScenario> {
  assertCanBuildScenarios();
  await removeStaleNamespaces();
  const names = namespaceNames(process.pid, String(builds++));
  const plan = planTopology(scenario, names, turn);
  for (const namespace of plan.namespaces) {
    await sh(['ip', 'netns', 'add', namespace]);
    teardown.push(`namespace ${namespace}`, () => deleteNamespace(namespace));
  }
  for (const command of plan.commands) await sh(command);
  return { scenario, names, wrapper: (namespace) => ['ip', 'netns', 'exec', namespace] };
}
