import { ExhaustedError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../src/domain';

/*
 * Who may call what (docs/security.md). The messages are for people at a bank's door: they say what to
 * do, and never whether a tax id, account or transfer of someone else exists.
 */

/** The same answer for an unknown tax id and a wrong password, so neither tells which it was. */
export class BadCredentialsError extends UnauthenticatedError {
  constructor() {
    super('AUTH.BAD_CREDENTIALS', 'wrong tax id or password');
  }
}

export class TooManyAttemptsError extends ExhaustedError {
  constructor(retryAfterMs: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    super(
      'AUTH.TOO_MANY_ATTEMPTS',
      `too many wrong passwords for this tax id; try again in ${minutes} min`,
      retryAfterMs,
    );
  }
}

/** No credential, or one that expired, was forged or was signed before the bank restarted. */
export class AuthRequiredError extends UnauthenticatedError {
  constructor() {
    super('AUTH.REQUIRED', 'log in first; your session may have ended');
  }
}

/** A customer naming an account that is not theirs; also for a number no account has, so nothing leaks. */
export class NotYourAccountError extends ForbiddenError {
  constructor() {
    super('AUTH.FORBIDDEN', 'that account is not yours');
  }
}

/** Back-office work: opening accounts, deposits, closing, passwords, the ledger. */
export class OperatorOnlyError extends ForbiddenError {
  constructor() {
    super('AUTH.FORBIDDEN', "only the bank's operator may do that");
  }
}

/** What only a logged-in customer has (GET /me); the operator is no customer. */
export class CustomerOnlyError extends ForbiddenError {
  constructor() {
    super('AUTH.FORBIDDEN', 'only a logged-in customer has this; log in with a tax id and password');
  }
}

/** A password set for a tax id that owns no account here. */
export class CustomerNotFoundError extends NotFoundError {
  constructor(taxId: string) {
    super('CUSTOMER.NOT_FOUND', `no account is owned by tax id ${taxId}`);
  }
}
