/** The user asked for something malformed (unknown flag, unknown probe): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The machine lacks something the run needs (a browser, coturn, root): exit code 2, with a fix. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  constructor(
    message: string,
    /** What to do about it, e.g. the apt-get command that installs the missing package. */
    readonly remedy?: string,
  ) {
    super(message);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
