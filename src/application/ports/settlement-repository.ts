import type { Ispb, LedgerEntry, Money, SettlementAccount } from '../../domain';

export interface SettlementRepository {
  find(ispb: Ispb): Promise<SettlementAccount | undefined>;
  /**
   * Adds `amount` to the bank's account (opening it when it has none) and appends the `fund` entry, in
   * one transaction. With an idempotency key already used, changes nothing and returns the account.
   */
  fund(ispb: Ispb, amount: Money, at: Date, idempotencyKey?: string): Promise<SettlementAccount>;
  /**
   * Applies `change` to the bank's account (opening it when it has none) under a row lock and saves it;
   * what `change` throws is rethrown and nothing is saved.
   */
  modify(ispb: Ispb, change: (account: SettlementAccount) => void): Promise<SettlementAccount>;
  /** The ledger of one bank, oldest first. */
  entries(ispb: Ispb): Promise<LedgerEntry[]>;
}
