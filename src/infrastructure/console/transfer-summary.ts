/** A transfer as the feed and the lists show it. */
export interface TransferSummary {
  endToEndId: string;
  status: string;
  amount: string;
  debtor: { ispb: string; name: string };
  creditor: { ispb: string | null; name: string | null; key: string };
  rejectionReason: string | null;
  /** The transfer this one refunds, when it is a refund. */
  refundOf: string | null;
  createdAt: string;
  updatedAt: string;
}

export const SUMMARY_COLUMNS = `t.id, t.status, t.amount, t.debtor_ispb, t.debtor_name, t.creditor_ispb,
  t.creditor_name, t.creditor_key, t.rejection_reason, t.original_end_to_end_id, t.created_at, t.updated_at`;

export interface SummaryRow {
  id: string;
  status: string;
  amount: string;
  debtor_ispb: string;
  debtor_name: string;
  creditor_ispb: string | null;
  creditor_name: string | null;
  creditor_key: string;
  rejection_reason: string | null;
  original_end_to_end_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const summaryOf = (r: SummaryRow): TransferSummary => ({
  endToEndId: r.id,
  status: r.status,
  amount: r.amount,
  debtor: { ispb: r.debtor_ispb, name: r.debtor_name },
  creditor: { ispb: r.creditor_ispb, name: r.creditor_name, key: r.creditor_key },
  rejectionReason: r.rejection_reason,
  refundOf: r.original_end_to_end_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
