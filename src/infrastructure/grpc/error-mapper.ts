import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import type { Logger } from '../../../lib/observability/logger';
import { isTransientDatabaseError } from '../../../lib/persistence/pg-errors';
import { DomainError, type DomainErrorKind, ExhaustedError, ValidationError } from '../../domain';

const STATUS_BY_KIND: Record<DomainErrorKind, status> = {
  invalid: status.INVALID_ARGUMENT,
  not_found: status.NOT_FOUND,
  conflict: status.ALREADY_EXISTS,
  precondition: status.FAILED_PRECONDITION,
  forbidden: status.PERMISSION_DENIED,
  unauthenticated: status.UNAUTHENTICATED,
  exhausted: status.RESOURCE_EXHAUSTED,
};

/**
 * The one place domain errors become gRPC statuses. The stable error code (and the field, for bad input)
 * travel in trailers `codepix-error-code` / `codepix-field` for programs, and for a used-up allowance
 * `codepix-retry-after-ms`, when to try again; the message is for people.
 * A database out of reach is UNAVAILABLE (retry later); anything else is a bug: logged in full, answered
 * INTERNAL without internals.
 */
export function toServiceError(error: unknown, logger: Logger): Partial<ServiceError> {
  const metadata = new Metadata();
  if (error instanceof DomainError) {
    metadata.set('codepix-error-code', error.code);
    if (error instanceof ValidationError) metadata.set('codepix-field', error.field);
    if (error instanceof ExhaustedError) metadata.set('codepix-retry-after-ms', String(error.retryAfterMs));
    return { code: STATUS_BY_KIND[error.kind], details: error.message, metadata };
  }
  if (isTransientDatabaseError(error)) {
    metadata.set('codepix-error-code', 'DATABASE.UNAVAILABLE');
    logger.warn('database unreachable during a gRPC call', { error: String(error) });
    return { code: status.UNAVAILABLE, details: 'the database is unreachable; retry later', metadata };
  }
  logger.error('unexpected error in a gRPC handler', {
    error: String(error),
    stack: (error as Error)?.stack,
  });
  return { code: status.INTERNAL, details: 'internal error', metadata };
}
