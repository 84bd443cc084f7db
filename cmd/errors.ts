import { type ServiceError, status } from '@grpc/grpc-js';

/** An error the CLI reports as one `error: ...` line on stderr, then exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The command line itself is wrong: exit code 2, like commander's own usage errors. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The hub answered with an error, or could not be reached. */
export class HubError extends CliError {
  readonly code: status;
  /** The hub's own words, without the status. */
  readonly details: string;
  /** The request field the hub refused (its `codepix-field` trailer), for bad input. */
  readonly field?: string;

  constructor(error: ServiceError, address: string) {
    super(describe(error, address), 1);
    this.code = error.code;
    this.details = error.details || error.message;
    this.field = error.metadata?.get('codepix-field')[0]?.toString() || undefined;
  }
}

function describe(error: ServiceError, address: string): string {
  if (error.code === status.UNAVAILABLE) {
    // A TLS failure (a certificate the hub or the client does not trust) is worth its details.
    const tls = /TLS|SSL|certificate/i.test(error.details) ? ` (${error.details})` : '';
    return `cannot reach hub at ${address}${tls}`;
  }
  if (error.code === status.DEADLINE_EXCEEDED) {
    return `DEADLINE_EXCEEDED: no answer from hub at ${address} in time`;
  }
  return `${status[error.code] ?? `code ${error.code}`}: ${error.details || error.message}`;
}

/** One line, whatever the error: multi-line messages (stack-like driver errors) are folded. */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `error: ${message.replace(/\s*\n\s*/g, ' ').trim()}`;
}
