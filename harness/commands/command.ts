import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

export interface Command {
  /** Full `--help` text. */
  help: string;
  /** For commands with subcommands: the help that fits these arguments (e.g. `diff --help`). */
  helpFor?(args: readonly string[]): string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  main(args: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** util.parseArgs with its errors turned into UsageError (exit 2 with a pointer to --help). */
export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(error));
  }
}

/** The longest delay setTimeout keeps: 2^31 - 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `20s`, `1500ms`, `2m` or a bare number of seconds -> milliseconds, at most MAX_TIMER_MS. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} expects a duration such as 20s, 1500ms or 2m, not '${text}'`);
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms = unit === 'ms' ? value : unit === 's' ? value * 1000 : value * 60_000;
  if (ms <= 0) throw new UsageError(`${flag} must be greater than zero`);
  // setTimeout fires at once for longer delays (with a warning): every wait would time out instantly.
  if (Math.round(ms) > MAX_TIMER_MS) throw new UsageError(`${flag} ${text.trim()} is longer than timers allow (at most ${MAX_TIMER_MS} ms, about 24.8 days)`);
  return Math.round(ms);
}
