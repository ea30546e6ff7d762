#!/usr/bin/env node
// Entry point. Command modules are imported only when chosen, so `--help`, `doctor`
// and `probes` start without loading puppeteer or express.
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import { EnvironmentError, UsageError, errorMessage } from './errors.js';
import type { Command } from './commands/command.js';
import { HARNESS_VERSION } from './version.js';

const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<Command> }>> = {
  check: {
    summary: 'readiness check: is this network and STUN/TURN setup fit for WebRTC? (embedded coturn by default)',
    load: async () => (await import('./commands/check.js')).checkCommand,
  },
  run: {
    summary: 'run probes in real browsers; write results.json, junit.xml and the HTML report',
    load: async () => (await import('./commands/run.js')).runCommand,
  },
  probes: { summary: 'list the probes and what each proves', load: async () => (await import('./commands/probes.js')).probesCommand },
  doctor: {
    summary: 'check browsers, coturn and network tools; say how to install what is missing',
    load: async () => (await import('./commands/doctor.js')).doctorCommand,
  },
  report: {
    summary: 'compare two results.json files (report diff), render one as the HTML report (report html), merge shards (report merge)',
    load: async () => (await import('./commands/report.js')).reportCommand,
  },
  serve: {
    summary: "check someone else's network: serve the readiness page to visitors' browsers, store and show their reports",
    load: async () => (await import('./commands/serve.js')).serveCommand,
  },
  sdp: { summary: 'parse, diff and negotiate SDP offers/answers (files or stdin)', load: async () => (await import('./commands/sdp.js')).sdpCommand },
  stats: {
    summary: 'import webrtc-internals / rtcstats dumps as series; chart dumps and results.json (PNG, CSV, HTML)',
    load: async () => (await import('./commands/stats.js')).statsCommand,
  },
  runs: {
    summary: 'list the runs visitors stored through serve, export their results.json (runs list|export --db)',
    load: async () => (await import('./commands/runs.js')).runsCommand,
  },
};

function generalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `webrtc-harness ${HARNESS_VERSION}: WebRTC diagnostics in real browsers

Usage: webrtc-harness <command> [options]

Commands:
${lines.join('\n')}

Run 'webrtc-harness <command> --help' for a command's options.

Examples:
  webrtc-harness doctor
  webrtc-harness run --browser chromium --browser firefox --out out/today
  webrtc-harness run --probe gum-constraints --adapter both

Exit codes: 0 all passed (warnings allowed), 1 a probe failed or errored,
2 usage or environment error, 130 interrupted.
`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic && COMMANDS[topic]) return main([topic, '--help']);
    process.stdout.write(generalHelp());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${HARNESS_VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  try {
    if (!entry) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(command.helpFor?.(rest) ?? command.help);
      return 0;
    }
    return await command.main(rest);
  } catch (error) {
    return reportFatal(error, entry ? name : undefined);
  }
}

function reportFatal(error: unknown, commandName: string | undefined): number {
  if (error instanceof UsageError) {
    const helpHint = commandName ? `webrtc-harness ${commandName} --help` : 'webrtc-harness --help';
    process.stderr.write(`webrtc-harness: ${error.message}\nSee '${helpHint}'.\n`);
  } else if (error instanceof EnvironmentError) {
    process.stderr.write(`webrtc-harness: ${error.message}\n${error.remedy ? `  fix: ${error.remedy}\n` : ''}`);
  } else {
    process.stderr.write(`webrtc-harness: ${errorMessage(error)}\n`);
    if (process.env['WEBRTC_HARNESS_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  }
  return 2;
}

// Run only when executed as the bin (directly or through npm's symlink), not when imported by tests.
const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(realpathSync(invokedPath)).href) {
  const code = await main(process.argv.slice(2));
  // Everything the command started is torn down by now; a stray handle left inside a library
  // (seen after Ctrl-C during a browser close) must not keep a finished CLI alive for seconds.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
