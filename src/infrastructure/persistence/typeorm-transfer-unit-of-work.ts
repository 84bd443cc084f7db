import type { EntityManager } from 'typeorm';
import type { OutboxMessage } from '../../../lib/messaging/outbox';
import { Writes } from '../../../lib/persistence/writes';
import { participantBucketId } from '../../application/lookup-policy';
import type {
  AckDue,
  Actor,
  BankNotice,
  Reminder,
  StoredTransfer,
  TransferUnitOfWork,
  Unacknowledged,
} from '../../application/ports/transfer-unit-of-work';
import {
  assert,
  type Ispb,
  type LedgerEntry,
  RECONCILIATION_DETAIL_CHARS_MAX,
  type SettlementAccount,
  type Transfer,
  type Transition,
  truncateChars,
} from '../../domain';
import type { TransferMove } from '../metrics/hub-metrics';
import type { RaisedReconciliation } from '../reconciliation-alarm';
import { type ReturnedTokens, returnLookupTokens } from './postgres-lookup-buckets';
import type { PrefetchMiss, PrefetchPolicy } from './prefetch-policy';
import {
  type SettlementRow,
  settlementFromRow,
  TRANSACTION_COLUMNS,
  TRANSACTION_SELECT,
  type TransferRow,
  transactionFromRow,
  transactionValues,
} from './transfer-rows';

/**
 * The TransferUnitOfWork over one Postgres transaction. `prefetch` locks a batch's transfers and then
 * the settlement accounts involved, each in key order, so concurrent units of work never deadlock. A
 * later read of a row not prefetched would lock it out of that order: it fails under a strict policy,
 * and is fetched and counted otherwise. Writes are buffered and `flush` sends them in a handful of
 * statements, one UPDATE per bank account and one for the lookup tokens the batch's completed
 * transfers give back.
 */
export class TypeOrmTransferUnitOfWork implements TransferUnitOfWork {
  private readonly transfers = new Map<string, StoredTransfer | null>();
  private readonly accounts = new Map<string, SettlementAccount | null>();
  private readonly added: StoredTransfer[] = [];
  private readonly changed = new Set<Transfer>();
  private readonly transitions: unknown[][] = [];
  private readonly ledger: unknown[][] = [];
  private readonly dirtyAccounts = new Set<SettlementAccount>();
  private readonly lookupTokens: ReturnedTokens[] = [];
  private readonly reminders = new Map<string, Reminder>();
  readonly outbox: OutboxMessage[] = [];
  /** Transfers raised for reconciliation in this unit of work: reported once it commits. */
  readonly raised: RaisedReconciliation[] = [];
  /** The moves this unit of work made, for the metrics once it commits. */
  readonly moves: TransferMove[] = [];

  constructor(
    private readonly manager: EntityManager,
    private readonly toOutbox: (to: Ispb, notice: BankNotice) => OutboxMessage,
    private readonly policy: PrefetchPolicy,
  ) {}

  /** Locks and loads these transfers, then the settlement accounts of their parties and of `ispbs`. */
  async prefetch(endToEndIds: string[], ispbs: string[] = []): Promise<void> {
    const ids = [...new Set(endToEndIds)].filter((id) => !this.transfers.has(id)).sort();
    if (ids.length > 0) {
      const rows: (TransferRow & { payload_hash: string })[] = await this.manager.query(
        `${TRANSACTION_SELECT} WHERE id = ANY($1) ORDER BY id FOR UPDATE OF transactions`,
        [ids],
      );
      for (const id of ids) this.transfers.set(id, null);
      for (const row of rows) this.remember(row);
    }
    const parties = [...this.transfers.values()].flatMap((s) => (s ? s.transfer.parties : []));
    await this.lockAccounts([...ispbs, ...parties.map((p) => p.value)]);
  }

  async findTransfer(endToEndId: string): Promise<StoredTransfer | undefined> {
    if (!this.transfers.has(endToEndId)) {
      // The column is char(32), every id a valid end-to-end id: another length names no row to lock.
      if (endToEndId.length !== 32) return undefined;
      this.miss('transfer', endToEndId);
      await this.prefetch([endToEndId]);
    }
    return this.transfers.get(endToEndId) ?? undefined;
  }

  async settlementAccount(ispb: Ispb): Promise<SettlementAccount | undefined> {
    if (!this.accounts.has(ispb.value)) {
      this.miss('settlement_account', ispb.value);
      await this.lockAccounts([ispb.value]);
    }
    return this.accounts.get(ispb.value) ?? undefined;
  }

  async expiredPending(now: Date, limit: number): Promise<Transfer[]> {
    const rows: TransferRow[] = await this.manager.query(
      `${TRANSACTION_SELECT}
       WHERE status = 'pending' AND deadline < $1 ORDER BY deadline LIMIT $2 FOR UPDATE OF transactions SKIP LOCKED`,
      [now, limit],
    );
    const expired = rows.map((row) => this.remember(row).transfer);
    await this.lockAccounts(expired.flatMap((t) => t.parties.map((p) => p.value)));
    return expired;
  }

  async unacknowledged(due: AckDue, limit: number): Promise<Unacknowledged[]> {
    const rows: (TransferRow & { sent: number | null; next_at: Date | null })[] = await this.manager.query(
      `SELECT ${TRANSACTION_COLUMNS}, m.sent, m.next_at
       FROM transactions LEFT JOIN confirmation_reminders m ON m.end_to_end_id = transactions.id
       WHERE status = 'confirmed'
         AND NOT EXISTS (SELECT 1 FROM reconciliations r WHERE r.end_to_end_id = transactions.id)
         AND (updated_at <= $1 OR (m.next_at IS NULL AND updated_at <= $2) OR m.next_at <= $3)
       ORDER BY updated_at LIMIT $4 FOR UPDATE OF transactions SKIP LOCKED`,
      [due.overdueBefore, due.confirmedBefore, due.now, limit],
    );
    return rows.map((row) => ({
      transfer: this.remember(row).transfer,
      reminder: row.sent && row.next_at ? { count: row.sent, nextAt: row.next_at } : undefined,
    }));
  }

  addTransfer(transfer: Transfer, payloadHash: string, actor: Actor): void {
    const stored = { transfer, payloadHash };
    this.transfers.set(transfer.id.value, stored);
    this.added.push(stored);
    const t = transfer.snapshot;
    this.transitions.push([t.id.value, null, 'pending', null, actor, t.createdAt]);
  }

  recordTransition(transfer: Transfer, transition: Transition, actor: Actor): void {
    this.changed.add(transfer);
    const { from, to, reason, at } = transition;
    this.moves.push({ transfer, to });
    this.transitions.push([transfer.id.value, from, to, reason ?? null, actor, at]);
  }

  recordLedger(account: SettlementAccount, entry: LedgerEntry): void {
    this.dirtyAccounts.add(account);
    this.ledger.push([
      entry.ispb.value,
      entry.kind,
      entry.amount.cents.toString(),
      entry.endToEndId ?? null,
      entry.balanceAfter.toString(),
      entry.reservedAfter.cents.toString(),
      entry.at,
    ]);
  }

  send(to: Ispb, notice: BankNotice): void {
    this.outbox.push(this.toOutbox(to, notice));
  }

  returnLookupToken(ispb: Ispb): void {
    this.lookupTokens.push({ bucket: participantBucketId(ispb.value), tokens: 1 });
  }

  recordReminder(transfer: Transfer, reminder: Reminder): void {
    this.reminders.set(transfer.id.value, reminder);
  }

  recordReconciliation(transfer: Transfer, raisedBy: Actor, detail: string): void {
    if (!transfer.snapshot.reconciliation) throw new Error(`transfer ${transfer.id} is not raised`);
    this.raised.push({ transfer, raisedBy, detail });
  }

  /**
   * Writes everything buffered, with `writes` of the caller's own (outbox, signatures), in one statement
   * where the parameter limit allows; the caller commits.
   */
  async flush(writes = new Writes()): Promise<void> {
    const added = new Set(this.added.map((s) => s.transfer));
    writes.insert(
      `INSERT INTO transactions (${TRANSACTION_COLUMNS})`,
      this.added.map((s) => transactionValues(s.transfer, s.payloadHash)),
    );
    const updated = [...this.changed].filter((t) => !added.has(t)).map((t) => t.snapshot);
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
      this.transitions,
    );
    if (this.dirtyAccounts.size > 0) {
      const s = [...this.dirtyAccounts].map((a) => a.snapshot);
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
      this.ledger,
    );
    this.followUps(writes);
    await writes.run(this.manager);
    // Last, so the bucket rows are locked only for the end of the batch: lookups leasing from them wait less.
    await returnLookupTokens(this.manager, this.lookupTokens);
  }

  /** Reminders sent and reconciliations raised: rare. */
  private followUps(writes: Writes): void {
    if (this.reminders.size > 0) {
      const ids = [...this.reminders.keys()];
      const sent = [...this.reminders.values()];
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
      this.raised.map(({ transfer, raisedBy, detail }) => {
        const { id, reconciliation } = transfer.snapshot;
        const cut = truncateChars(detail, RECONCILIATION_DETAIL_CHARS_MAX);
        return [id.value, reconciliation?.reason, raisedBy, cut, reconciliation?.raisedAt];
      }),
    );
  }

  private miss(kind: PrefetchMiss, key: string): void {
    this.policy.missed(kind);
    assert(
      !this.policy.strict,
      `${kind} ${key} was read without being prefetched: it would be locked out of key order`,
    );
  }

  private remember(row: TransferRow): StoredTransfer {
    const stored = { transfer: transactionFromRow(row), payloadHash: row.payload_hash };
    this.transfers.set(row.id, stored);
    return stored;
  }

  /** Locks the accounts in ISPB order; a registered bank that has none gets one opened (a first credit). */
  private async lockAccounts(ispbs: string[]): Promise<void> {
    const missing = [...new Set(ispbs)].filter((i) => !this.accounts.has(i)).sort();
    if (missing.length === 0) return;
    const select = (list: string[]): Promise<SettlementRow[]> =>
      this.manager.query(
        `SELECT ispb, balance, reserved, net_debit_cap FROM settlement_accounts
         WHERE ispb = ANY($1) ORDER BY ispb FOR UPDATE`,
        [list],
      );
    const rows = await select(missing);
    const found = new Set(rows.map((r) => r.ispb));
    const unopened = missing.filter((i) => !found.has(i));
    if (unopened.length > 0) {
      await this.manager.query(
        `INSERT INTO settlement_accounts (ispb) SELECT ispb FROM banks WHERE ispb = ANY($1)
         ON CONFLICT DO NOTHING`,
        [unopened],
      );
      rows.push(...(await select(unopened)));
    }
    for (const ispb of missing) this.accounts.set(ispb, null);
    for (const row of rows) this.accounts.set(row.ispb, settlementFromRow(row));
  }
}
