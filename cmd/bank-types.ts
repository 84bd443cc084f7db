/** What a bank simulator's HTTP JSON API answers, as the CLI reads it. Amounts are strings of cents. */

export interface Account {
  branch: string;
  number: string;
  type: string;
  ownerName: string;
  ownerTaxId: string;
  status: 'open' | 'closed';
  balance: string;
  held: string;
  available: string;
}

export interface StatementEntry {
  kind: 'deposit' | 'debit' | 'credit';
  amount: string;
  endToEndId?: string;
  balanceAfter: string;
  at: string;
}

export interface BankPixKey {
  key: string;
  kind: string;
  createdAt?: string;
}

export type BankTransferStatus = 'pending' | 'confirmed' | 'completed' | 'rejected';

export interface BankTransfer {
  endToEndId: string;
  direction: 'outgoing' | 'incoming';
  account: string;
  counterpartyKey?: string;
  /** A refund: the end-to-end id of the transfer it returns, and why. */
  refundOf?: string;
  refundReason?: string;
  amount: string;
  description: string;
  status: BankTransferStatus;
  reason?: string;
  /** The txid of the BR Code paid, when it named one. */
  txid?: string;
  createdAt: string;
  updatedAt: string;
}

/** A BR Code as the bank reads it; amount in cents. */
export interface BrCodeFields {
  initiation: 'static' | 'dynamic';
  key?: string;
  url?: string;
  description?: string;
  amount?: string;
  merchantName: string;
  merchantCity: string;
  txid: string;
  crc: string;
}

/** A dynamic BR Code's charge at the payee's bank. */
export interface Charge {
  txid: string;
  account: string;
  key: string;
  amount: string;
  status: 'active' | 'paid';
  endToEndId?: string;
  payload: string;
  createdAt: string;
  paidAt?: string;
}

export interface BrCodeRequest {
  key: string;
  amount?: bigint;
  dynamic?: boolean;
  txid?: string;
  description?: string;
  city?: string;
}

/** To a key, or to a BR Code's key; the amount may be left out when the code has one. */
export interface TransferOrder {
  fromAccount: string;
  key?: string;
  brCode?: string;
  amount?: bigint;
  description?: string;
}
