import { usesIceServers, usesMediaServer } from '../../probes/index.js';
import type { AdapterMode } from '../../core/results.js';
import { UsageError } from '../errors.js';
import { exitCodeFor } from '../../core/results.js';
import { judgedExitCode } from './baselineOptions.js';
import { type Command, parseCommandArgs } from './command.js';
import { BROWSER_HELP, BROWSER_OPTIONS, INTERRUPTED_EXIT_CODE, printOutputPaths, runWithReporters } from './common.js';
import { ICE_HELP, ICE_OPTIONS } from './iceOptions.js';
import { MEDIA_SERVER_HELP, MEDIA_SERVER_OPTIONS } from './mediaServerOptions.js';
import { chooseProbes } from './probeChoice.js';

const ADAPTER_CHOICES: Readonly<Record<string, readonly AdapterMode[]>> = { off: ['off'], on: ['on'], both: ['off', 'on'] };

const HELP = `Usage: webrtc-harness run [options]

Runs probes in real headless browsers (in parallel, one fresh context per probe) and
writes DIR/results.json, DIR/junit.xml and DIR/index.html (the HTML report). Progress is
shown as probes finish.

Options:
  -p, --probe ID          probe to run; repeat for several (default: all). List: webrtc-harness probes
      --adapter MODE      off: raw browser API; on: with webrtc-adapter loaded; both: each probe twice
                          (default: off)
${BROWSER_HELP}
${ICE_HELP}
${MEDIA_SERVER_HELP}
Exit codes: 0 nothing failed (warnings allowed), 1 a probe failed or errored,
2 usage or environment error (e.g. a browser is not installed), 130 interrupted
(Ctrl-C: browsers are closed and the results so far are written).

Examples:
  webrtc-harness run
  webrtc-harness run -b chromium -b firefox -p api-surface -p gum-constraints -o out/compare
  webrtc-harness run -b firefox --adapter both --timeout 30s
  webrtc-harness run -p turn-reachability --turn turn:turn.example.org:3478 --username u --credential p
`;

export const runCommand: Command = {
  help: HELP,
  async main(args) {
    const { values, positionals } = parseCommandArgs(args, {
      ...BROWSER_OPTIONS,
      ...ICE_OPTIONS,
      ...MEDIA_SERVER_OPTIONS,
      probe: { type: 'string', short: 'p', multiple: true },
      adapter: { type: 'string', default: 'off' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const adapterModes = ADAPTER_CHOICES[values.adapter];
    if (!adapterModes) throw new UsageError(`--adapter expects off, on or both, not '${values.adapter}'`);
    const probes = chooseProbes(values.probe ?? []);
    const { run, outDir, baseline } = await runWithReporters({
      command: 'run',
      args,
      values,
      probes,
      adapterModes,
      progress: process.stdout,
      // coturn is started only when a chosen probe tests ICE servers.
      testsIceServers: probes.some(usesIceServers),
      // Janus likewise, only for a probe that calls it.
      testsMediaServer: probes.some(usesMediaServer),
    });
    printOutputPaths(process.stdout, outDir);
    return run.interrupted ? INTERRUPTED_EXIT_CODE : judgedExitCode(baseline, run, exitCodeFor(run.results), process.stdout);
  },
};
