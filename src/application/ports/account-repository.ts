import type { Account } from '../../domain';

export interface AccountRepository {
  /** Stores the account unless one with the same ISPB, branch and number exists; returns the stored one. */
  findOrAdd(account: Account): Promise<Account>;
}
