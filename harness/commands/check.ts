import { terminalJson, terminalSafe } from '../../core/sanitize.js';
import { UsageError } from '../errors.js';
import { type Readiness, readinessOf } from '../../reports/readiness.js';
import { natLines } from '../../reports/natSummary.js';
import { classifyNat } from '../../core/natBehaviour.js';
import type { RunShard } from '../../core/results.js';
import { judgedExitCode } from './baselineOptions.js';
import { type Command, parseCommandArgs } from './command.js';
import { BROWSER_HELP, BROWSER_OPTIONS, INTERRUPTED_EXIT_CODE, printOutputPaths, runWithReporters } from './common.js';
import { ICE_HELP, ICE_OPTIONS } from './iceOptions.js';
import { MEDIA_SERVER_HELP, MEDIA_SERVER_OPTIONS } from './mediaServerOptions.js';
import { asReadinessCheck } from '../../probes/index.js';
import { chooseProbes } from './probeChoice.js';

/** What the readiness check runs, in order: can the browser do WebRTC, then can it get through this network. */
export const CHECK_PROBES = ['api-surface', 'devices', 'ice-candidates', 'stun-reachability', 'turn-reachability', 'connectivity', 'server-echo'];

const HELP = `Usage: webrtc-harness check [options]

Is this network and this STUN/TURN setup fit for WebRTC? Runs, in each browser: the API
surface, a getUserMedia test, ICE candidate gathering, STUN and TURN reachability per
server and transport, connectivity through host, srflx and relay paths, and the path to a
media server (a call to Janus's EchoTest, each leg measured apart). Prints a verdict table
with one line of advice per problem, and writes results.json, junit.xml and index.html (the
HTML report). Beside the browsers, a STUN client classifies the NAT by RFC 5780 (mapping,
filtering, hairpinning) against each stun: server that supports it.

With no servers given, it starts an embedded coturn and an embedded Janus on 127.0.0.1 and
checks against them.

Options:
      --json              print the verdict as JSON on stdout (progress goes to stderr)
${BROWSER_HELP}
${ICE_HELP}
${MEDIA_SERVER_HELP}
Exit codes: 0 ready (warnings allowed), 1 not ready, 2 usage or environment error,
130 interrupted.

Examples:
  webrtc-harness check
  webrtc-harness check --turn turn:turn.example.org:3478?transport=udp --turn turns:turn.example.org:443 \\
      --username alice --credential s3cret
  webrtc-harness check --stun stun:stun.example.org:3478 --json --redact-ips
`;

/** The verdict table; a shard's verdict says it covers part of the check only. */
function renderVerdict(readiness: Readiness, shard: RunShard | undefined): string {
  const headline = readiness.ready ? (readiness.degraded ? 'READY, with warnings' : 'READY') : 'NOT READY';
  const names = readiness.browsers.map((b) => b.name);
  const cellText = (probe: string, browser: string) => {
    const cell = readiness.rows.find((r) => r.probe === probe)?.cells[browser];
    return cell ? `${cell.status}${cell.figure ? ` (${terminalSafe(cell.figure)})` : ''}` : '-';
  };
  const probeWidth = Math.max(5, ...readiness.rows.map((r) => r.probe.length));
  const widths = names.map((name) => Math.min(48, Math.max(name.length + 12, ...readiness.rows.map((r) => cellText(r.probe, name).length))));
  const pad = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
  const header = `  ${pad('', probeWidth)}  ${readiness.browsers.map((b, i) => pad(`${b.name} ${terminalSafe(b.version)}`, widths[i]!)).join('  ')}`;
  const lines = readiness.rows.map(
    (row) => `  ${pad(row.probe, probeWidth)}  ${names.map((name, i) => pad(cellText(row.probe, name), widths[i]!)).join('  ')}`,
  );
  const advice = readiness.advice.map((a) => `  - ${a.severity === 'warn' ? 'warn' : 'FAIL'} [${a.browsers.join(', ')}] ${terminalSafe(a.message)}`);
  const part = shard ? ` (shard ${shard.index}/${shard.count}: its part of the check only)` : '';
  return `\nReadiness${part}: ${headline}\n${header}\n${lines.join('\n')}\n${advice.length ? `\nAdvice:\n${advice.join('\n')}\n` : ''}`;
}

export const checkCommand: Command = {
  help: HELP,
  async main(args) {
    const { values, positionals } = parseCommandArgs(args, {
      ...BROWSER_OPTIONS,
      ...ICE_OPTIONS,
      ...MEDIA_SERVER_OPTIONS,
      json: { type: 'boolean', default: false },
    });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const probes = chooseProbes(CHECK_PROBES).map(asReadinessCheck);
    const progress = values.json ? process.stderr : process.stdout;
    const { run, outDir, baseline, iceServers, mediaServer } = await runWithReporters({
      command: 'check',
      args,
      values,
      probes,
      adapterModes: ['off'],
      progress,
      testsIceServers: true,
      natDiscovery: true,
      testsMediaServer: true,
    });
    const readiness = readinessOf(run.results);
    if (values.json) {
      const nat = run.nat?.map((d) => ({ server: d.server, ...classifyNat(d) }));
      process.stdout.write(
        `${terminalJson({ ...readiness, interrupted: run.interrupted, servers: run.environment.iceServers, outDir, ...(run.shard ? { shard: run.shard } : {}), ...(nat ? { nat } : {}) })}\n`,
      );
    } else {
      const nat = natLines(run).map((line) => `${terminalSafe(line)}\n`);
      process.stdout.write(
        `${renderVerdict(readiness, run.shard)}\n${nat.join('')}Servers: ${iceServers ?? 'none (interrupted before they were set up)'}\nMedia server: ${mediaServer ?? 'none (interrupted before it was set up)'}\n`,
      );
      printOutputPaths(process.stdout, outDir);
    }
    if (run.interrupted) return INTERRUPTED_EXIT_CODE;
    return judgedExitCode(baseline, run, readiness.ready ? 0 : 1, progress);
  },
};
