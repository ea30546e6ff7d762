import { type CheckReport, runChecks } from '../doctor.js';
import { type Command, parseCommandArgs } from './command.js';

function renderTable(reports: readonly CheckReport[]): string {
  const width = Math.max(...reports.map((r) => r.name.length));
  const lines = reports.map((r) => {
    const mark = r.outcome.ok ? 'ok     ' : r.required ? 'MISSING' : 'missing';
    const fix = r.outcome.ok || !r.outcome.remedy ? '' : `\n  ${' '.repeat(width + 9)}fix: ${r.outcome.remedy}  (needed for ${r.neededFor})`;
    return `  ${mark} ${r.name.padEnd(width)}  ${r.outcome.detail}${fix}`;
  });
  return `${lines.join('\n')}\n`;
}

export const doctorCommand: Command = {
  help: `Usage: webrtc-harness doctor [--json]

Checks what the harness needs on this machine: Node.js, the compiled page code,
Chromium and Firefox (with their versions), coturn, the tools and rights for
network scenarios (ip netns, iptables, tc, root), WebKitGTK with Xvfb for -b webkit,
and Java, chromedriver and the Grid jar the Selenium Grid tests use. Says how to
install what is missing.
Loads no browser automation, so it answers in well under a second.

Options:
  --json      print the checks as JSON
  -h, --help  this help

Exit codes: 0 everything 'run' needs is present, 2 something it needs is missing
(optional items only print a 'missing' line).
`,
  async main(args) {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } });
    const reports = await runChecks();
    const ready = reports.every((r) => r.outcome.ok || !r.required);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ready, checks: reports }, null, 2)}\n`);
    } else {
      process.stdout.write(
        `webrtc-harness doctor\n${renderTable(reports)}\n${ready ? 'Ready to run probes.' : 'Not ready: install what is marked MISSING.'}\n`,
      );
    }
    return ready ? 0 : 2;
  },
};
