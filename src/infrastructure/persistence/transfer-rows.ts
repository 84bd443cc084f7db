import {
  EndToEndId,
  Ispb,
  isRefundReason,
  type LedgerEntry,
  Money,
  type ReconciliationReason,
  type RefundOf,
  type RejectionReason,
  SettlementAccount,
  Transfer,
  type TransferStatus,
} from '../../domain';

/** Row shapes of the transfer tables and their mapping to domain entities; bigint columns arrive as strings. */

export const TRANSFER_COLUMNS = `id, debtor_ispb, debtor_branch, debtor_account, debtor_name, creditor_key,
  creditor_ispb, creditor_branch, creditor_account, creditor_name, amount, description, status,
  rejection_reason, rejection_detail, payload_hash, deadline, created_at, updated_at,
  original_end_to_end_id, refund_reason, settled_at, txid`;

/**
 * Transfers with their reconciliation, if raised: SELECT and FROM, for a WHERE to follow. A locking
 * read must say `FOR UPDATE OF transactions` (the reconciliation side of the join may be missing).
 */
export const TRANSFER_SELECT = `SELECT ${TRANSFER_COLUMNS}, r.reason AS reconciliation_reason,
  r.raised_at AS reconciliation_raised_at
  FROM transactions LEFT JOIN reconciliations r ON r.end_to_end_id = transactions.id`;

export interface TransferRow {
  id: string;
  debtor_ispb: string;
  debtor_branch: string;
  debtor_account: string;
  debtor_name: string;
  creditor_key: string;
  creditor_ispb: string | null;
  creditor_branch: string | null;
  creditor_account: string | null;
  creditor_name: string | null;
  amount: string;
  description: string;
  status: TransferStatus;
  rejection_reason: RejectionReason | null;
  rejection_detail: string | null;
  payload_hash: string;
  deadline: Date | null;
  created_at: Date;
  updated_at: Date;
  original_end_to_end_id: string | null;
  refund_reason: string | null;
  settled_at: Date | null;
  txid: string | null;
  /** From TRANSFER_SELECT's join; absent or null when not raised. */
  reconciliation_reason?: ReconciliationReason | null;
  reconciliation_raised_at?: Date | null;
}

export function transferFromRow(row: TransferRow): Transfer {
  return Transfer.restore({
    id: EndToEndId.create(row.id),
    debtorIspb: Ispb.create(row.debtor_ispb),
    debtorAccount: { branch: row.debtor_branch, number: row.debtor_account, ownerName: row.debtor_name },
    creditorKey: row.creditor_key,
    creditorIspb: row.creditor_ispb ? Ispb.create(row.creditor_ispb) : undefined,
    creditorAccount:
      row.creditor_branch && row.creditor_account
        ? { branch: row.creditor_branch, number: row.creditor_account, ownerName: row.creditor_name ?? '' }
        : undefined,
    amount: Money.fromCents(row.amount),
    description: row.description,
    txid: row.txid ?? undefined,
    status: row.status,
    rejectionReason: row.rejection_reason ?? undefined,
    rejectionDetail: row.rejection_detail ?? undefined,
    deadline: row.deadline ?? undefined,
    reconciliation:
      row.reconciliation_reason && row.reconciliation_raised_at
        ? { reason: row.reconciliation_reason, raisedAt: row.reconciliation_raised_at }
        : undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    refundOf: row.original_end_to_end_id
      ? refundOfFromRow(row.original_end_to_end_id, row.refund_reason)
      : undefined,
    settledAt: row.settled_at ?? undefined,
  });
}

function refundOfFromRow(originalId: string, reason: string | null): RefundOf {
  if (!isRefundReason(reason))
    throw new Error(`refund of ${originalId} has reason ${reason}, not one of ours`);
  return { originalId: EndToEndId.create(originalId), reason };
}

/** Column values of a transaction, in TRANSFER_COLUMNS order. */
export function transferValues(transfer: Transfer, payloadHash: string): unknown[] {
  const t = transfer.snapshot;
  return [
    t.id.value,
    t.debtorIspb.value,
    t.debtorAccount.branch,
    t.debtorAccount.number,
    t.debtorAccount.ownerName,
    t.creditorKey,
    t.creditorIspb?.value ?? null,
    t.creditorAccount?.branch ?? null,
    t.creditorAccount?.number ?? null,
    t.creditorAccount?.ownerName ?? null,
    t.amount.cents.toString(),
    t.description,
    t.status,
    t.rejectionReason ?? null,
    t.rejectionDetail ?? null,
    payloadHash,
    t.deadline ?? null,
    t.createdAt,
    t.updatedAt,
    t.refundOf?.originalId.value ?? null,
    t.refundOf?.reason ?? null,
    t.settledAt ?? null,
    t.txid ?? null,
  ];
}

export interface SettlementRow {
  ispb: string;
  balance: string;
  reserved: string;
  net_debit_cap: string;
}

export function settlementFromRow(row: SettlementRow): SettlementAccount {
  return SettlementAccount.restore({
    ispb: Ispb.create(row.ispb),
    balance: BigInt(row.balance),
    reserved: Money.fromCents(row.reserved),
    netDebitCap: Money.fromCents(row.net_debit_cap),
  });
}

export interface LedgerRow {
  ispb: string;
  kind: LedgerEntry['kind'];
  amount: string;
  end_to_end_id: string | null;
  idempotency_key: string | null;
  balance_after: string;
  reserved_after: string;
  at: Date;
}

export function ledgerEntryFromRow(row: LedgerRow): LedgerEntry {
  return {
    ispb: Ispb.create(row.ispb),
    kind: row.kind,
    amount: Money.fromCents(row.amount),
    endToEndId: row.end_to_end_id ?? undefined,
    idempotencyKey: row.idempotency_key ?? undefined,
    balanceAfter: BigInt(row.balance_after),
    reservedAfter: Money.fromCents(row.reserved_after),
    at: row.at,
  };
}
