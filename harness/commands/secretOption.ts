// A secret option in its three spellings: `--flag VALUE` (shown by ps to every user on the
// machine, kept for compatibility), `--flag-file FILE` and an environment variable (neither
// readable by other users). One spelling at a time, so it is never unclear which one counted.
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

export interface SecretOption {
  /** `--credential` */
  flag: string;
  /** `--credential-file` */
  fileFlag: string;
  /** `WEBRTC_HARNESS_TURN_CREDENTIAL` */
  envVar: string;
}

export interface GivenSecret {
  value?: string | undefined;
  file?: string | undefined;
}

function readSecretFile(option: SecretOption, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`${option.fileFlag} ${file}: cannot read it (${code})`);
  }
  // Editors and `echo` end files with a newline that is no part of the secret.
  return text.replace(/\r?\n$/, '');
}

/** The secret, from whichever spelling was given, or undefined when none was. Never quotes the value in an error. */
export function resolveSecret(option: SecretOption, given: GivenSecret, env: NodeJS.ProcessEnv): string | undefined {
  const { value, file } = given;
  const fromEnv = env[option.envVar];
  const sources = [
    value === undefined ? null : { spelling: option.flag, read: () => value },
    file === undefined ? null : { spelling: `${option.fileFlag} ${file}`, read: () => readSecretFile(option, file) },
    fromEnv === undefined ? null : { spelling: option.envVar, read: () => fromEnv },
  ].filter((source) => source !== null);
  if (sources.length > 1) throw new UsageError(`give the secret one way, not with ${sources.map((s) => s.spelling).join(' and ')}`);
  const [source] = sources;
  if (!source) return undefined;
  const secret = source.read();
  if (secret === '') throw new UsageError(`${source.spelling} is empty`);
  return secret;
}
