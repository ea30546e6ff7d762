// The `ip netns` primitives: run a command, delete a namespace with whatever still runs in it.
// Kept apart from the scenario builder so the leftover reaper can delete namespaces too.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { errorMessage } from '../errors.js';
import type { CommandLine } from './topology.js';

const execFileAsync = promisify(execFile);

export async function runCommand(command: CommandLine): Promise<string> {
  const [file, ...args] = command;
  try {
    const { stdout } = await execFileAsync(file!, args, { timeout: 15_000 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${command.join(' ')} failed: ${stderr || errorMessage(error)}`);
  }
}

/**
 * Files `ip netns exec` bind-mounts over /etc for what runs in the namespace (hosts,
 * resolv.conf). Derived from the namespace's name, so it goes wherever the namespace goes,
 * the leftover reaper included.
 */
export const namespaceEtcDir = (name: string): string => join('/etc/netns', name);

/** Ends every process still inside a namespace (browsers, coturn), then deletes it and its /etc/netns folder; a namespace already gone is fine. */
export async function deleteNamespace(name: string): Promise<void> {
  const pids = (await runCommand(['ip', 'netns', 'pids', name]).catch(() => ''))
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
  await runCommand(['ip', 'netns', 'delete', name]).catch((error: unknown) => {
    if (!/No such file/.test(errorMessage(error))) throw error;
  });
  await rm(namespaceEtcDir(name), { recursive: true, force: true });
}
