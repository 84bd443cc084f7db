import type { Ispb, LedgerEntry, SettlementAccount } from '../../domain';

/** The read side of settlement accounts: never locks; every write goes through the TransferUnitOfWork. */
export interface SettlementQuery {
  /** The bank's account, or undefined when no unit of work has opened one yet. */
  find(ispb: Ispb): Promise<SettlementAccount | undefined>;
  /** The ledger of one bank, oldest first. */
  entries(ispb: Ispb): Promise<LedgerEntry[]>;
}
