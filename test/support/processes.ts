// The processes a test started, read from /proc: no `ps` whose failure could read as "none".
import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  pid: number;
  ppid: number;
  state: string;
  /** Process group: what a terminal's Ctrl-C signals. */
  pgrp: number;
}

/** Fields after the command name, which sits in parentheses and may hold spaces. */
function readStat(pid: number): ProcStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', ppid = '', pgrp = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(ppid), state, pgrp: Number(pgrp) };
  } catch {
    return null; // gone while we looked
  }
}

function allProcesses(): ProcStat[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readStat(Number(entry)))
    .filter((stat): stat is ProcStat => stat !== null);
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** Direct children of `pid` with their command lines (the browsers and servers a CLI run started). */
export function childProcesses(pid: number): { pid: number; command: string }[] {
  return allProcesses()
    .filter((p) => p.ppid === pid && p.state !== 'Z')
    .map((p) => ({ pid: p.pid, command: commandLine(p.pid) }));
}

/** `root` and every descendant of it. */
export function processTree(root: number): number[] {
  const processes = allProcesses();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const p of processes) if (p.ppid === tree[i]) tree.push(p.pid);
  return tree;
}

/** Running: present and not a zombie waiting to be reaped (a killed process is dead already then). */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== null && stat.state !== 'Z';
}

/** The process group `pid` belongs to, or null when it is gone. */
export function processGroupOf(pid: number): number | null {
  return readStat(pid)?.pgrp ?? null;
}
