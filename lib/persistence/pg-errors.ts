import { QueryFailedError } from 'typeorm';

/** True when Postgres refused a write because of the named unique constraint or index (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === constraint;
}

/** SQLSTATE classes that say nothing about the statement: the server is gone, busy or shutting down. */
const TRANSIENT_SQLSTATE = /^(08|53|57P|40001|40P01|55P03|58)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const TRANSIENT_MESSAGE =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|Connection is not established|the database system is (starting up|shutting down|in recovery mode)|Client has encountered a connection error|Cannot use a pool after calling end/i;

const RELEASED_RUNNER = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

/**
 * True when a failure is the database's, not the work's: the server is unreachable, restarting or
 * shedding load, or the transaction lost a deadlock or serialization race. Retrying later may succeed;
 * such a failure must never condemn a message to the DLQ.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  // TypeORM's answer to any statement after the connection died inside a transaction.
  if (error instanceof Error && RELEASED_RUNNER.has(error.name)) return true;
  const cause = error instanceof QueryFailedError ? error.driverError : error;
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code)))
    return true;
  return typeof message === 'string' && TRANSIENT_MESSAGE.test(message);
}
