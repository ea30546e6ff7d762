import { PROBES } from '../../probes/index.js';
import { formatMs } from '../teardown.js';
import type { Command } from './command.js';

export const probesCommand: Command = {
  help: `Usage: webrtc-harness probes

Lists every probe: its id (for run --probe), what it proves and its default time limit.
`,
  async main() {
    const width = Math.max(...PROBES.map((p) => p.id.length));
    for (const p of PROBES) {
      process.stdout.write(`${p.id.padEnd(width)}  ${p.summary} (limit ${formatMs(p.timeoutMs)})\n`);
    }
    return 0;
  },
};
