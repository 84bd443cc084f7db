import type { Money } from '../../src/domain';

/** `fee`: what the bank charged a business customer for a Pix received (BANK_RECEIVED_FEE_CENTS). */
export type StatementKind = 'deposit' | 'debit' | 'credit' | 'fee';

/**
 * One line of an account's statement. Append-only; at most one debit, one credit and one fee per end-to-end id
 * (the database enforces it), so no transfer moves a customer's money twice.
 */
export interface StatementEntry {
  account: string;
  kind: StatementKind;
  amount: Money;
  /** Absent for deposits. */
  endToEndId?: string;
  balanceAfter: Money;
  at: Date;
}
