import type { DataSource } from 'typeorm';
import { SUMMARY_COLUMNS, type SummaryRow, summaryOf } from './transfer-summary';

/** A transfer and everything recorded of it; undefined when the hub has no such transfer. */
export async function transferHistory(dataSource: DataSource, endToEndId: string) {
  const query = <T>(sql: string, params: unknown[]): Promise<T[]> => dataSource.query(sql, params);
  const [row] = await query<
    SummaryRow & Record<string, string | Date | null> & { reconciliation_reason: string | null }
  >(
    `SELECT ${SUMMARY_COLUMNS}, t.debtor_branch, t.debtor_account, t.creditor_branch, t.creditor_account,
       t.description, t.rejection_detail, t.deadline, t.settled_at, t.refund_reason, t.txid,
       r.reason AS reconciliation_reason, r.detail AS reconciliation_detail, r.raised_at AS reconciliation_raised_at
     FROM transactions t LEFT JOIN reconciliations r ON r.end_to_end_id = t.id WHERE t.id = $1`,
    [endToEndId],
  );
  if (!row) return undefined;
  const [history, messages, ledger, refunds] = await Promise.all([
    query<{
      from_status: string | null;
      to_status: string;
      reason: string | null;
      actor: string;
      at: Date;
    }>(
      `SELECT from_status, to_status, reason, actor, at FROM transaction_transitions
       WHERE end_to_end_id = $1 ORDER BY id`,
      [endToEndId],
    ),
    query<{ message_id: string; fields: Record<string, string>; received_at: Date } & Signer>(
      `SELECT m.message_id, m.signed_fields AS fields, m.received_at, m.signer_serial, c.role, c.name
       FROM signed_messages m LEFT JOIN certificates c ON c.serial = m.signer_serial
       WHERE m.end_to_end_id = $1 ORDER BY m.received_at, m.message_id`,
      [endToEndId],
    ),
    query<{ ispb: string; kind: string; amount: string; at: Date }>(
      'SELECT ispb, kind, amount, at FROM ledger_entries WHERE end_to_end_id = $1 ORDER BY id',
      [endToEndId],
    ),
    query<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM transactions t WHERE t.original_end_to_end_id = $1 ORDER BY t.created_at`,
      [endToEndId],
    ),
  ]);
  const time = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
  return {
    transfer: {
      ...summaryOf(row),
      debtor: { ...summaryOf(row).debtor, branch: row.debtor_branch, account: row.debtor_account },
      creditor: { ...summaryOf(row).creditor, branch: row.creditor_branch, account: row.creditor_account },
      description: row.description,
      rejectionDetail: row.rejection_detail,
      deadline: time(row.deadline),
      settledAt: time(row.settled_at),
      refundReason: row.refund_reason,
      txid: row.txid,
    },
    reconciliation: row.reconciliation_reason
      ? {
          reason: row.reconciliation_reason,
          detail: row.reconciliation_detail,
          raisedAt: time(row.reconciliation_raised_at),
        }
      : null,
    history: history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      reason: h.reason,
      actor: h.actor,
      at: h.at.toISOString(),
    })),
    messages: messages.map((m) => ({
      messageId: m.message_id,
      type: m.fields.type ?? null,
      topic: m.fields.topic ?? null,
      origin: m.fields.origin ?? null,
      signer: signerOf(m),
      receivedAt: m.received_at.toISOString(),
    })),
    ledger: ledger.map((e) => ({ ispb: e.ispb, kind: e.kind, amount: e.amount, at: e.at.toISOString() })),
    refunds: refunds.map(summaryOf),
  };
}

interface Signer {
  signer_serial: string;
  role: string | null;
  name: string | null;
}

/** Who signed a message: the certificate's holder when the hub knows the serial. */
const signerOf = (m: Signer) => ({ serial: m.signer_serial, role: m.role, name: m.name });
