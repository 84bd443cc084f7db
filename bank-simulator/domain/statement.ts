import type { Money } from '../../src/domain';

export type StatementKind = 'deposit' | 'debit' | 'credit';

/**
 * One line of an account's statement. Append-only; at most one debit and one credit per end-to-end id
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
