import { status as grpcStatus } from '@grpc/grpc-js';
import type { Logger } from '../../../lib/observability/logger';
import { isTransientDatabaseError } from '../../../lib/persistence/pg-errors';
import {
  DomainError,
  type DomainErrorKind,
  ExhaustedError,
  HTTP_BODY_BYTES_MAX,
  ValidationError,
} from '../../../src/domain';
import { HubCallError } from '../grpc-hub';
import { DatabaseUnavailableError } from './database-check';

/** A request the HTTP layer itself refuses (bad JSON, too large, no such route, wrong method). */
export class HttpInputError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/**
 * Fastify's own refusals (its FST_ERR_* codes), in the API's words. Any other one it makes keeps its
 * 4xx status under REQUEST.INVALID; its message format never reaches a client.
 */
const FRAMEWORK_REFUSALS: Record<string, [number, string, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [
    413,
    'REQUEST.TOO_LARGE',
    `body over ${HTTP_BODY_BYTES_MAX / 1024} KiB`,
    'body',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    'REQUEST.MALFORMED',
    'body size differs from Content-Length',
    'body',
  ],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'REQUEST.INVALID_CONTENT_TYPE', 'not a media type', 'Content-Type'],
  FST_ERR_BAD_URL: [400, 'REQUEST.INVALID_PATH', 'the path is not valid URL encoding', 'path'],
  // A path segment too long to be any account number or end-to-end id names nothing.
  FST_ERR_MAX_PARAM_LENGTH: [404, 'ROUTE.NOT_FOUND', 'a path segment too long to name anything', 'path'],
};

function frameworkRefusal(error: unknown): HttpInputError | undefined {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_ERR_')) return undefined;
  const known = FRAMEWORK_REFUSALS[code];
  if (known) return new HttpInputError(...known);
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500)
    return new HttpInputError(statusCode, 'REQUEST.INVALID', (error as Error).message, 'request');
  return undefined;
}

export interface ErrorReply {
  status: number;
  headers?: Record<string, string>;
  body: { error: { code: string; message: string; field?: string } };
}

/** Seconds a client is asked to wait (Retry-After) when the database is unavailable. */
const RETRY_AFTER_SECONDS = 1;

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  precondition: 422,
  forbidden: 403,
  unauthenticated: 401,
  exhausted: 429,
};

/** The hub's answers, as this bank passes them on to its customer. */
const STATUS_BY_GRPC: Partial<Record<grpcStatus, number>> = {
  [grpcStatus.INVALID_ARGUMENT]: 400,
  [grpcStatus.UNAUTHENTICATED]: 401,
  [grpcStatus.PERMISSION_DENIED]: 403,
  [grpcStatus.NOT_FOUND]: 404,
  [grpcStatus.ALREADY_EXISTS]: 409,
  [grpcStatus.FAILED_PRECONDITION]: 422,
  [grpcStatus.RESOURCE_EXHAUSTED]: 429,
  [grpcStatus.UNAVAILABLE]: 503,
  [grpcStatus.DEADLINE_EXCEEDED]: 504,
};

const reply = (status: number, code: string, message: string, field?: string): ErrorReply => ({
  status,
  body: { error: { code, message, ...(field ? { field } : {}) } },
});

/** 503 with Retry-After: the database is unreachable, restarting or shedding load; nothing was done. */
export function databaseUnavailable(): ErrorReply {
  return {
    ...reply(503, 'DATABASE.UNAVAILABLE', "the bank's database is unavailable; try again shortly"),
    headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
  };
}

/** The one place errors become HTTP answers. Anything unexpected is a bug: logged, answered 500 bare. */
export function toErrorReply(thrown: unknown, logger: Logger): ErrorReply {
  const error = frameworkRefusal(thrown) ?? thrown;
  if (error instanceof HttpInputError) {
    return { ...reply(error.status, error.code, error.message, error.field), headers: error.headers };
  }
  if (error instanceof DatabaseUnavailableError || isTransientDatabaseError(error)) {
    logger.warn('database unavailable', { error: String(error) });
    return databaseUnavailable();
  }
  if (error instanceof ExhaustedError) {
    // 429 (BANK.BUSY): Retry-After in whole seconds, at least 1 (RFC 9110).
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return { ...reply(429, error.code, error.message), headers: { 'retry-after': String(seconds) } };
  }
  if (error instanceof DomainError) {
    const field = error instanceof ValidationError ? error.field : undefined;
    return reply(STATUS_BY_KIND[error.kind], error.code, error.message, field);
  }
  if (error instanceof HubCallError) {
    const status = STATUS_BY_GRPC[error.grpcStatus] ?? 502;
    const code = error.code ?? `HUB.${grpcStatus[error.grpcStatus] ?? 'ERROR'}`;
    if (status >= 500) logger.warn('hub call failed', { code, error: error.message });
    return reply(status, code, `hub: ${error.message}`, error.field);
  }
  logger.error('unexpected error in an HTTP handler', {
    error: String(error),
    stack: (error as Error)?.stack,
  });
  return reply(500, 'INTERNAL', 'internal error');
}
