// Secrets never reach a report, and with --redact-ips neither do addresses. Applied to every
// result before any reporter sees it, so no reporter can forget.

export interface Redaction {
  /**
   * Exact strings to mask wherever they occur (TURN usernames and credentials, shared secrets).
   * Strings under MIN_SECRET_LENGTH characters are skipped: masking every "u" would wreck the
   * report, and such values reach no output anyway (pages never return credentials, and the
   * command line is masked flag by flag).
   */
  secrets: readonly string[];
  /** Replace IPv4/IPv6 addresses with stable pseudonyms (`ip-1`, `ip-2`...): the same address keeps the same name. */
  ips: boolean;
}

export const MASK = '***';
export const MIN_SECRET_LENGTH = 4;

/** Flags whose value is a secret, masked in the command line a report records. */
const SECRET_FLAGS = new Set(['--username', '--credential', '--turn-secret']);

export function redactArgs(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    const [flag] = arg.split('=', 1);
    if (arg.includes('=') && SECRET_FLAGS.has(flag!)) return `${flag}=${MASK}`;
    return i > 0 && SECRET_FLAGS.has(args[i - 1]!) ? MASK : arg;
  });
}

const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;
// IPv6 needs `::` or at least five groups, so clock times such as 19:11:53 are left alone.
const IPV6 = /(?<![\w:])(?:(?:[0-9a-f]{1,4}:){0,7}[0-9a-f]{0,4}::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4}|(?:[0-9a-f]{1,4}:){4,7}[0-9a-f]{1,4})(?![\w:])/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  readonly #secrets: RegExp | null;
  readonly #ips: boolean;
  readonly #pseudonyms = new Map<string, string>();

  constructor(redaction: Redaction) {
    // Longest first, so a secret that contains another is masked whole.
    const secrets = [...new Set(redaction.secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
    this.#secrets = secrets.length ? new RegExp(secrets.map(escapeRegExp).join('|'), 'g') : null;
    this.#ips = redaction.ips;
  }

  text(value: string): string {
    let out = this.#secrets ? value.replace(this.#secrets, MASK) : value;
    if (this.#ips) out = out.replace(IPV4, (ip) => this.#pseudonym(ip)).replace(IPV6, (ip) => (ip === '::' ? ip : this.#pseudonym(ip.toLowerCase())));
    return out;
  }

  /** A deep copy of any JSON-like value with every string value redacted (keys are ours: field names). */
  value<T>(value: T): T {
    return this.#walk(value) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.#walk(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.#walk(v)]));
    }
    return value;
  }

  #pseudonym(ip: string): string {
    let name = this.#pseudonyms.get(ip);
    if (!name) {
      name = `ip-${this.#pseudonyms.size + 1}`;
      this.#pseudonyms.set(ip, name);
    }
    return name;
  }
}
