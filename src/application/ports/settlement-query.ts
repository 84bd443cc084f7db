import type { Ispb, LedgerEntry, Money, SettlementAccount } from '../../domain';

/** The read side of settlement accounts: never locks; every write goes through the TransferUnitOfWork. */
export interface SettlementQuery {
  /** The bank's account, or undefined when no unit of work has opened one yet. */
  find(ispb: Ispb): Promise<SettlementAccount | undefined>;
  /** The latest `limit` entries of one bank's ledger, newest first. */
  entries(ispb: Ispb, limit: number): Promise<LedgerEntry[]>;
  /** The bank's tariff days, newest first, at most `limit`. */
  tariffs(ispb: Ispb, limit: number): Promise<TariffDayRecord[]>;
}

/** One bank's transfers of one UTC day, and its tariff once charged. */
export interface TariffDayRecord {
  day: string;
  transfers: number;
  charged?: { amount: Money; at: Date };
}
