import { AlreadyExistsError, ExhaustedError, NotFoundError, PreconditionError } from '../../src/domain';

/*
 * The bank's expected failures. Codes are stable (the CLI and tests act on them); the kind, inherited
 * from the hub's domain errors, is what the one HTTP error mapper turns into a status.
 */

export class AccountNotFoundError extends NotFoundError {
  constructor(number: string) {
    super('ACCOUNT.NOT_FOUND', `no account ${number}`);
  }
}

export class AccountClosedError extends PreconditionError {
  constructor(number: string) {
    super('ACCOUNT.CLOSED', `account ${number} is closed`);
  }
}

export class InsufficientFundsError extends PreconditionError {
  constructor(number: string) {
    super('ACCOUNT.INSUFFICIENT_FUNDS', `account ${number} cannot pay this amount`);
  }
}

/** Closing an account with money on hold would strand the pending transfers that hold it. */
export class FundsOnHoldError extends PreconditionError {
  constructor(number: string) {
    super('ACCOUNT.FUNDS_ON_HOLD', `account ${number} has pending outgoing transfers`);
  }
}

export class TransferNotFoundError extends NotFoundError {
  constructor(endToEndId: string) {
    super('TRANSFER.NOT_FOUND', `no transfer ${endToEndId}`);
  }
}

/** The same Idempotency-Key was used before for a different request. */
export class IdempotencyMismatchError extends AlreadyExistsError {
  constructor() {
    super('IDEMPOTENCY.MISMATCH', 'this Idempotency-Key was already used for a different transfer');
  }
}

/**
 * The bank cannot take another outgoing transfer now without it waiting past the hub's deadline
 * (admission control): nothing was recorded; the same request may be sent again after `retryAfterMs`.
 */
export class BankBusyError extends ExhaustedError {
  constructor(retryAfterSeconds: number) {
    super(
      'BANK.BUSY',
      `the bank has too many transfers in flight; try again in ${retryAfterSeconds} s`,
      retryAfterSeconds * 1000,
    );
  }
}
