// `webrtc-harness sdp parse|diff|negotiate`: the SDP toolkit (core/sdp) on files or stdin.
// Loads no browser automation and no web server, so it starts as fast as node itself.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { terminalJson, terminalSafe } from '../../core/sanitize.js';
import { errorMessage, UsageError } from '../errors.js';
import { diff } from '../../core/sdp/diff.js';
import { extract } from '../../core/sdp/extract.js';
import { lint } from '../../core/sdp/lint.js';
import { negotiate } from '../../core/sdp/negotiate.js';
import { MAX_SDP_LENGTH, type Sdp, SdpError, parse } from '../../core/sdp/parse.js';
import { type Command, parseCommandArgs } from './command.js';
import { diffLines, negotiationLines, summaryLines } from './sdpText.js';

const PARSE_HELP = `webrtc-harness sdp parse FILE [--json]

  Checks that FILE is a well-formed SDP and prints a summary per m-section: codecs in
  order of preference (payload type, fmtp, rtcp-fb), header extensions, direction, mid
  and BUNDLE, rtcp-mux/rsize, ICE options and candidates, DTLS role, simulcast and rids,
  ssrc groups, SCTP port and max-message-size, b= lines, unknown attributes.
  --json prints the whole parsed structure (sdp-transform's shape) and the features.

    webrtc-harness sdp parse fixtures/sdp/chromium-offer-av-data.sdp
    pbpaste | webrtc-harness sdp parse - --json

  Exit: 0 well-formed, 2 bad input (file, line and problem are named).
`;

const DIFF_HELP = `webrtc-harness sdp diff A B [--json] [--no-ignore-volatile]

  Semantic difference of two SDPs, grouped by m-section (paired by mid, else by position
  and kind). Codecs compare by identity (name, clock rate, channels and the fmtp
  parameters that make another codec, e.g. H264 profile and packetization-mode), never by
  payload type; header extensions by URI, never by id. Each line says what only A has
  (-), what only B has (+) or what differs (~).
  Volatile values are masked by default (--ignore-volatile): ICE ufrag/pwd, DTLS
  fingerprints, o= session id and version, ports, candidate addresses, ssrc numbers,
  cnames and msid ids, so two offers of the same browser compare equal.
  --no-ignore-volatile compares them too.

    webrtc-harness sdp diff chromium-offer.sdp firefox-offer.sdp
    webrtc-harness sdp diff before.sdp - --json < after.sdp

  Exit: 0 no differences, 1 differences, 2 bad input.
`;

const NEGOTIATE_HELP = `webrtc-harness sdp negotiate OFFER ANSWER [--json]

  What this offer/answer exchange settles on, per m-section: the codecs used (the
  answer's, in its order, that the offer also has), the header extensions, bundle,
  rtcp-mux, rtcp-rsize, simulcast, DTLS roles and SCTP limits, and why everything else
  falls out (only in the offer, rejected with port 0, direction inactive).

    webrtc-harness sdp negotiate chromium-offer.sdp firefox-answer.sdp

  Exit: 0 compatible (media can flow in every m-section the answer accepts, and the
  answer breaks no rule), 1 not compatible, 2 bad input.
`;

const SUBCOMMANDS: Readonly<Record<string, { help: string; files: number; run: (inputs: Loaded[], flags: Flags) => number }>> = {
  parse: { help: PARSE_HELP, files: 1, run: runParse },
  diff: { help: DIFF_HELP, files: 2, run: runDiff },
  negotiate: { help: NEGOTIATE_HELP, files: 2, run: runNegotiate },
};

const HELP = `Usage: webrtc-harness sdp <parse|diff|negotiate> FILE... [options]

Reads SDP offers and answers (as captured from RTCPeerConnection, or pasted from logs).
FILE '-' reads stdin. LF, CRLF and mixed line ends are accepted; input over
${MAX_SDP_LENGTH / 1024 / 1024} MB, binary data or malformed lines are refused with the line number.

${PARSE_HELP}
${DIFF_HELP}
${NEGOTIATE_HELP}
Options:
  --json                 machine-readable output (parse, diff, negotiate)
  --ignore-volatile      diff: mask per-call values (the default)
  --no-ignore-volatile   diff: compare them as they are
  -h, --help             this help; with a subcommand ('sdp diff --help') just that one
`;

interface Flags {
  json: boolean;
  ignoreVolatile: boolean;
}

interface Loaded {
  /** The name shown in messages: the path, or `stdin`. */
  name: string;
  sdp: Sdp;
}

/** Bad input (unreadable file, malformed SDP): exit 2 with a message naming the file, never a stack trace. */
class InputError extends Error {}

/** Reads at most MAX_SDP_LENGTH bytes; a longer stream (or /dev/zero) is refused instead of read to the end. */
async function readBounded(stream: Readable, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_SDP_LENGTH) throw new InputError(`${name}: more than ${MAX_SDP_LENGTH / 1024 / 1024} MB, larger than any SDP; refused`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${name}: cannot read it (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : errorMessage(error)})`);
  } finally {
    if (stream !== process.stdin) stream.destroy();
  }
  // Bytes that are not UTF-8 become U+FFFD, which parse() reports with its line number.
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

async function load(path: string): Promise<Loaded> {
  const name = path === '-' ? 'stdin' : path;
  const text = await readBounded(path === '-' ? process.stdin : createReadStream(path), name);
  try {
    return { name, sdp: parse(text) };
  } catch (error) {
    if (error instanceof SdpError) throw new InputError(`${name}${error.line > 0 ? `, line ${error.line}` : ''}: ${error.message}`);
    throw error;
  }
}

function printJson(value: unknown): void {
  process.stdout.write(`${terminalJson(value)}\n`);
}

/** Every line may carry SDP text or a file name: each goes through terminalSafe. */
function printLines(lines: readonly string[]): void {
  process.stdout.write(`${lines.map(terminalSafe).join('\n')}\n`);
}

function runParse([input]: Loaded[], flags: Flags): number {
  const warnings = lint(input!.sdp);
  if (flags.json) printJson({ file: input!.name, description: input!.sdp, features: extract(input!.sdp), warnings });
  else
    printLines([
      ...summaryLines(input!.name, input!.sdp),
      ...warnings.map((w) => `warning (${w.section ? `m-section ${w.section}` : 'session'}): ${w.message}`),
    ]);
  return 0;
}

function runDiff([a, b]: Loaded[], flags: Flags): number {
  const names = [a!.name, b!.name] as const;
  const result = diff(a!.sdp, b!.sdp, { ignoreVolatile: flags.ignoreVolatile, names: ['A', 'B'] });
  if (flags.json) printJson({ a: names[0], b: names[1], ignoreVolatile: flags.ignoreVolatile, ...result });
  else printLines(diffLines(result, names, flags.ignoreVolatile));
  return result.same ? 0 : 1;
}

function runNegotiate([offer, answer]: Loaded[], flags: Flags): number {
  const result = negotiate(offer!.sdp, answer!.sdp);
  if (flags.json) printJson({ offer: offer!.name, answer: answer!.name, ...result });
  else printLines(negotiationLines(result, [offer!.name, answer!.name]));
  return result.usable && result.problems.length === 0 ? 0 : 1;
}

export const sdpCommand: Command = {
  help: HELP,
  helpFor(args) {
    const topic = SUBCOMMANDS[args.find((a) => !a.startsWith('-')) ?? ''];
    return topic ? `Usage: ${topic.help}` : HELP;
  },
  async main(args) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean', default: false },
      'ignore-volatile': { type: 'boolean' },
      'no-ignore-volatile': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    const [name, ...files] = positionals;
    if (name === 'help' || name === undefined) {
      const topic = name === 'help' ? SUBCOMMANDS[files[0] ?? ''] : undefined;
      process.stdout.write(topic ? `Usage: ${topic.help}` : HELP);
      return 0;
    }
    const sub = SUBCOMMANDS[name];
    if (!sub) throw new UsageError(`unknown sdp subcommand '${terminalSafe(name)}' (parse, diff, negotiate)`);
    if (files.length !== sub.files)
      throw new UsageError(`sdp ${name} takes ${sub.files === 1 ? 'one file' : `${sub.files} files`} ('-' for stdin), got ${files.length}`);
    if (files.filter((f) => f === '-').length > 1) throw new UsageError('only one input can come from stdin (-)');
    if ((values['ignore-volatile'] || values['no-ignore-volatile']) && name !== 'diff')
      throw new UsageError('--ignore-volatile and --no-ignore-volatile apply to sdp diff only');
    if (values['ignore-volatile'] && values['no-ignore-volatile']) throw new UsageError('choose one of --ignore-volatile and --no-ignore-volatile');
    const flags: Flags = { json: values.json, ignoreVolatile: !values['no-ignore-volatile'] };
    try {
      const inputs: Loaded[] = [];
      for (const file of files) inputs.push(await load(file));
      return sub.run(inputs, flags);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      process.stderr.write(`webrtc-harness sdp ${name}: ${terminalSafe(error.message)}\n`);
      return 2;
    }
  },
};
