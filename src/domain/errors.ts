/**
 * Expected failures. Each has a stable code (`AREA.REASON`) and a kind that the one error mapper
 * per door (gRPC, HTTP, DLQ) turns into a status.
 */
export type DomainErrorKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'precondition'
  | 'forbidden'
  | 'unauthenticated'
  | 'exhausted';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input. `field` names the offending request field. */
export class ValidationError extends DomainError {
  readonly kind = 'invalid';
  constructor(
    readonly field: string,
    message: string,
    code = 'VALIDATION.INVALID_FIELD',
  ) {
    super(code, `${field}: ${message}`);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}

export class AlreadyExistsError extends DomainError {
  readonly kind = 'conflict';
}

/** The request is well-formed but the system's state does not allow it. */
export class PreconditionError extends DomainError {
  readonly kind = 'precondition';
}

/** The caller may not act on this resource (e.g. a bank deleting another bank's key). */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** The caller did not prove who it is (no certificate, or one that is revoked or not ours). */
export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
}

/** The caller has used up an allowance (its lookup tokens); it may try again after `retryAfterMs`. */
export class ExhaustedError extends DomainError {
  readonly kind = 'exhausted';
  constructor(
    code: string,
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(code, message);
  }
}
