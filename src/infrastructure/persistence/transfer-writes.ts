import type { Writes } from '../../../lib/persistence/writes';
import type { Reminder, StoredTransfer } from '../../application/ports/transfer-unit-of-work';
import {
  RECONCILIATION_DETAIL_CHARS_MAX,
  type SettlementAccount,
  type Transfer,
  type TransferProps,
  truncateChars,
} from '../../domain';
import type { TransferMove } from '../metrics/hub-metrics';
import type { RaisedReconciliation } from '../reconciliation-alarm';
import { TRANSFER_COLUMNS, transferValues } from './transfer-rows';

/** What a unit of work over transfers holds when it flushes: every entity it handed out or was given. */
export interface UnitOfWorkEntities {
  transfers: Iterable<StoredTransfer>;
  /** Those of `transfers` that are new: inserted, not updated. */
  added: ReadonlySet<Transfer>;
  accounts: Iterable<SettlementAccount>;
  reminders: ReadonlyMap<string, Reminder>;
}

/** What the flush found, for the reports once the unit of work commits. */
export interface Collected {
  raised: RaisedReconciliation[];
  moves: TransferMove[];
}

/**
 * Takes the changes every entity made (a transfer's history rows and raise, an account's ledger entries
 * and new state) and adds their writes: a handful of statements whatever the batch, one INSERT per
 * table and one UPDATE of transfer states and one of settlement accounts, as `unnest` arrays.
 */
export function addTransferWrites(writes: Writes, entities: UnitOfWorkEntities): Collected {
  const collected: Collected = { raised: [], moves: [] };
  const inserted: unknown[][] = [];
  const updated: Readonly<TransferProps>[] = [];
  const history: unknown[][] = [];
  for (const { transfer, payloadHash } of entities.transfers) {
    const changes = transfer.takeChanges();
    if (entities.added.has(transfer)) inserted.push(transferValues(transfer, payloadHash));
    else if (changes.some((c) => c.kind === 'transition')) updated.push(transfer.snapshot);
    const id = transfer.id.value;
    for (const c of changes) {
      if (c.kind === 'raised') collected.raised.push({ transfer, raisedBy: c.by, detail: c.detail });
      else history.push([id, c.from, c.to, c.reason ?? null, c.by, c.at]);
      if (c.kind === 'transition' && c.from !== null) collected.moves.push({ transfer, to: c.to });
    }
  }
  writes.insert(`INSERT INTO transactions (${TRANSFER_COLUMNS})`, inserted);
  updateTransfers(writes, updated);
  writes.insert(
    'INSERT INTO transaction_transitions (end_to_end_id, from_status, to_status, reason, actor, at)',
    history,
  );
  addSettlementWrites(writes, entities.accounts);
  addFollowUps(writes, entities.reminders, collected.raised);
  return collected;
}

function updateTransfers(writes: Writes, updated: readonly Readonly<TransferProps>[]): void {
  if (updated.length === 0) return;
  writes.add(
    `UPDATE transactions t SET status = v.status, rejection_reason = v.reason,
       rejection_detail = v.detail, updated_at = v.updated_at, settled_at = v.settled_at
     FROM unnest($1::char(32)[], $2::varchar[], $3::varchar[], $4::varchar[], $5::timestamptz[],
       $6::timestamptz[]) AS v(id, status, reason, detail, updated_at, settled_at)
     WHERE t.id = v.id`,
    [
      updated.map((t) => t.id.value),
      updated.map((t) => t.status),
      updated.map((t) => t.rejectionReason ?? null),
      updated.map((t) => t.rejectionDetail ?? null),
      updated.map((t) => t.updatedAt),
      updated.map((t) => t.settledAt ?? null),
    ],
  );
}

/** The accounts that changed, saved whole, and their ledger entries. */
function addSettlementWrites(writes: Writes, accounts: Iterable<SettlementAccount>): void {
  const saved: SettlementAccount['snapshot'][] = [];
  const ledger: unknown[][] = [];
  for (const account of accounts) {
    const { entries, changed } = account.takeChanges();
    if (changed) saved.push(account.snapshot);
    for (const e of entries) {
      ledger.push([
        e.ispb.value,
        e.kind,
        e.amount.cents.toString(),
        e.endToEndId ?? null,
        e.idempotencyKey ?? null,
        e.balanceAfter.toString(),
        e.reservedAfter.cents.toString(),
        e.at,
      ]);
    }
  }
  if (saved.length > 0) {
    writes.add(
      `UPDATE settlement_accounts a SET balance = v.balance, reserved = v.reserved, net_debit_cap = v.cap
       FROM unnest($1::char(8)[], $2::bigint[], $3::bigint[], $4::bigint[]) AS v(ispb, balance, reserved, cap)
       WHERE a.ispb = v.ispb`,
      [
        saved.map((a) => a.ispb.value),
        saved.map((a) => a.balance.toString()),
        saved.map((a) => a.reserved.cents.toString()),
        saved.map((a) => a.netDebitCap.cents.toString()),
      ],
    );
  }
  writes.insert(
    'INSERT INTO ledger_entries (ispb, kind, amount, end_to_end_id, idempotency_key, balance_after, reserved_after, at)',
    ledger,
  );
}

/** Reminders sent and reconciliations raised: rare. */
function addFollowUps(
  writes: Writes,
  reminders: ReadonlyMap<string, Reminder>,
  raised: readonly RaisedReconciliation[],
): void {
  if (reminders.size > 0) {
    const sent = [...reminders.values()];
    writes.add(
      `INSERT INTO confirmation_reminders (end_to_end_id, sent, next_at)
       SELECT * FROM unnest($1::char(32)[], $2::int[], $3::timestamptz[])
       ON CONFLICT (end_to_end_id) DO UPDATE SET sent = EXCLUDED.sent, next_at = EXCLUDED.next_at`,
      [[...reminders.keys()], sent.map((r) => r.count), sent.map((r) => r.nextAt)],
    );
  }
  // A plain insert: the transfer's row lock makes a second raise a bug, which the primary key catches.
  writes.insert(
    'INSERT INTO reconciliations (end_to_end_id, reason, raised_by, detail, raised_at)',
    raised.map(({ transfer, raisedBy, detail }) => {
      const { id, reconciliation } = transfer.snapshot;
      const cut = truncateChars(detail, RECONCILIATION_DETAIL_CHARS_MAX);
      return [id.value, reconciliation?.reason, raisedBy, cut, reconciliation?.raisedAt];
    }),
  );
}
