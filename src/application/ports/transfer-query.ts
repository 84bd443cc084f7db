import type { Money, Transfer, TransferStatus } from '../../domain';

export interface TransferFilter {
  /** Transfers where this bank is debtor or creditor. */
  ispb?: string;
  status?: TransferStatus;
  createdFrom?: Date;
  createdTo?: Date;
  /** Only transfers whose status last changed before this: with `status`, those stuck in it. */
  updatedBefore?: Date;
  /** Only transfers raised for reconciliation. */
  reconciliationOnly?: boolean;
}

/** A transfer as the read side shows it: with what refunds settled so far have returned of it. */
export interface TransferRead {
  transfer: Transfer;
  refunded: Money;
}

export interface TransferPage {
  transfers: TransferRead[];
  /** Opaque; absent on the last page. */
  nextCursor?: string;
}

/** The read side: never locks, may lag a committing batch by nothing more than the commit itself. */
export interface TransferQuery {
  get(endToEndId: string): Promise<TransferRead | undefined>;
  list(filter: TransferFilter, limit: number, cursor?: string): Promise<TransferPage>;
}
