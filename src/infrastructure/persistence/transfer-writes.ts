import type { Writes } from '../../../lib/persistence/writes';
import type { Reminder, StoredTransfer } from '../../application/ports/transfer-unit-of-work';
import {
  RECONCILIATION_DETAIL_CHARS_MAX,
  type SettlementAccount,
  type Transfer,
  truncateChars,
} from '../../domain';
import type { RaisedReconciliation } from '../reconciliation-alarm';
import { TRANSACTION_COLUMNS, transactionValues } from './transfer-rows';

/** What a unit of work over transfers holds when it flushes: rows to insert, states to save. */
export interface TransferChanges {
  added: readonly StoredTransfer[];
  /** Transfers whose state changed, new ones included (they are inserted, not updated). */
  changed: ReadonlySet<Transfer>;
  /** History rows: end_to_end_id, from_status, to_status, reason, actor, at. */
  transitions: readonly unknown[][];
  accounts: ReadonlySet<SettlementAccount>;
  /** Ledger rows: ispb, kind, amount, end_to_end_id, balance_after, reserved_after, at. */
  ledger: readonly unknown[][];
  reminders: ReadonlyMap<string, Reminder>;
  raised: readonly RaisedReconciliation[];
}

/**
 * The writes of a unit of work over transfers, a handful of statements whatever the batch: one INSERT
 * per table, one UPDATE of transfer states and one of settlement balances, as `unnest` arrays.
 */
export function addTransferWrites(writes: Writes, c: TransferChanges): void {
  const added = new Set(c.added.map((s) => s.transfer));
  writes.insert(
    `INSERT INTO transactions (${TRANSACTION_COLUMNS})`,
    c.added.map((s) => transactionValues(s.transfer, s.payloadHash)),
  );
  const updated = [...c.changed].filter((t) => !added.has(t)).map((t) => t.snapshot);
  if (updated.length > 0) {
    writes.add(
      `UPDATE transactions t SET status = v.status, rejection_reason = v.reason,
         rejection_detail = v.detail, updated_at = v.updated_at
       FROM unnest($1::char(32)[], $2::varchar[], $3::varchar[], $4::varchar[], $5::timestamptz[])
         AS v(id, status, reason, detail, updated_at)
       WHERE t.id = v.id`,
      [
        updated.map((t) => t.id.value),
        updated.map((t) => t.status),
        updated.map((t) => t.rejectionReason ?? null),
        updated.map((t) => t.rejectionDetail ?? null),
        updated.map((t) => t.updatedAt),
      ],
    );
  }
  writes.insert(
    'INSERT INTO transaction_transitions (end_to_end_id, from_status, to_status, reason, actor, at)',
    c.transitions,
  );
  if (c.accounts.size > 0) {
    const s = [...c.accounts].map((a) => a.snapshot);
    writes.add(
      `UPDATE settlement_accounts a SET balance = v.balance, reserved = v.reserved
       FROM unnest($1::char(8)[], $2::bigint[], $3::bigint[]) AS v(ispb, balance, reserved)
       WHERE a.ispb = v.ispb`,
      [
        s.map((a) => a.ispb.value),
        s.map((a) => a.balance.toString()),
        s.map((a) => a.reserved.cents.toString()),
      ],
    );
  }
  writes.insert(
    'INSERT INTO ledger_entries (ispb, kind, amount, end_to_end_id, balance_after, reserved_after, at)',
    c.ledger,
  );
  addFollowUps(writes, c);
}

/** Reminders sent and reconciliations raised: rare. */
function addFollowUps(writes: Writes, c: TransferChanges): void {
  if (c.reminders.size > 0) {
    const ids = [...c.reminders.keys()];
    const sent = [...c.reminders.values()];
    writes.add(
      `INSERT INTO confirmation_reminders (end_to_end_id, sent, next_at)
       SELECT * FROM unnest($1::char(32)[], $2::int[], $3::timestamptz[])
       ON CONFLICT (end_to_end_id) DO UPDATE SET sent = EXCLUDED.sent, next_at = EXCLUDED.next_at`,
      [ids, sent.map((r) => r.count), sent.map((r) => r.nextAt)],
    );
  }
  // A plain insert: the transfer's row lock makes a second raise a bug, which the primary key catches.
  writes.insert(
    'INSERT INTO reconciliations (end_to_end_id, reason, raised_by, detail, raised_at)',
    c.raised.map(({ transfer, raisedBy, detail }) => {
      const { id, reconciliation } = transfer.snapshot;
      const cut = truncateChars(detail, RECONCILIATION_DETAIL_CHARS_MAX);
      return [id.value, reconciliation?.reason, raisedBy, cut, reconciliation?.raisedAt];
    }),
  );
}
