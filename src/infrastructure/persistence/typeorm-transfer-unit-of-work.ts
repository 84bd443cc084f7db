import type { EntityManager } from 'typeorm';
import { claimDeadLetters, type DeadLetterMessage } from '../../../lib/messaging/dead-letter';
import { claimInbox, type InboxEntry, type InboxVerdict } from '../../../lib/messaging/inbox';
import type { OutboxMessage } from '../../../lib/messaging/outbox';
import { recordSignedMessages } from '../../../lib/messaging/signed-messages';
import type { TopicNames } from '../../../lib/messaging/topics';
import type { RunnableUnitOfWork } from '../../../lib/messaging/transaction-runner';
import type { Writes } from '../../../lib/persistence/writes';
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
  type SettlementAccount,
  type Transfer,
  type Transition,
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
} from './transfer-rows';
import { addTransferWrites } from './transfer-writes';

/**
 * The TransferUnitOfWork over one Postgres transaction. `prefetch` locks a batch's transfers and then
 * the settlement accounts involved, each in key order, so concurrent units of work never deadlock. A
 * later read of a row not prefetched would lock it out of that order: it fails under a strict policy,
 * and is fetched and counted otherwise. Writes are buffered and `flush` hands them to the
 * TransactionRunner as a handful of statements.
 */
export class TypeOrmTransferUnitOfWork implements TransferUnitOfWork, RunnableUnitOfWork {
  private readonly transfers = new Map<string, StoredTransfer | null>();
  private readonly accounts = new Map<string, SettlementAccount | null>();
  private readonly added: StoredTransfer[] = [];
  private readonly changed = new Set<Transfer>();
  private readonly transitions: unknown[][] = [];
  private readonly ledger: unknown[][] = [];
  private readonly dirtyAccounts = new Set<SettlementAccount>();
  private readonly lookupTokens: ReturnedTokens[] = [];
  private readonly reminders = new Map<string, Reminder>();
  private readonly signed: unknown[][] = [];
  readonly outbox: OutboxMessage[] = [];
  /** The DLQ entries among the outbox, logged once the unit of work commits. */
  readonly deadLetters: OutboxMessage[] = [];
  /** Transfers raised for reconciliation in this unit of work: reported once it commits. */
  readonly raised: RaisedReconciliation[] = [];
  /** The moves this unit of work made, for the metrics once it commits. */
  readonly moves: TransferMove[] = [];

  constructor(
    private readonly manager: EntityManager,
    private readonly opts: {
      topics: TopicNames;
      notice(to: Ispb, notice: BankNotice): OutboxMessage;
      prefetch: PrefetchPolicy;
    },
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
    this.outbox.push(this.opts.notice(to, notice));
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

  /** Adapter-level, for the relay: the inbox's verdicts on consumed messages, recorded in this transaction. */
  claimInbox(entries: readonly InboxEntry[]): Promise<InboxVerdict[]> {
    return claimInbox(this.manager, entries);
  }

  /** Dead-letters messages in this unit of work: their DLQ entries go out with its outbox. */
  async deadLetter(dead: readonly DeadLetterMessage[]): Promise<void> {
    const letters = await claimDeadLetters(this.manager, this.opts.topics, dead);
    this.outbox.push(...letters);
    this.deadLetters.push(...letters);
  }

  /** Keeps what a signature proves with the transfer it moved (a `signedMessageRow`). */
  recordSigned(row: unknown[]): void {
    this.signed.push(row);
  }

  /**
   * Adds everything buffered to `writes` (the runner sends them with the outbox rows). The lookup tokens
   * go first, on their own: their rows are locked in key order, so concurrent hubs never deadlock on them.
   */
  async flush(writes: Writes): Promise<void> {
    await returnLookupTokens(this.manager, this.lookupTokens);
    addTransferWrites(writes, {
      added: this.added,
      changed: this.changed,
      transitions: this.transitions,
      accounts: this.dirtyAccounts,
      ledger: this.ledger,
      reminders: this.reminders,
      raised: this.raised,
    });
    recordSignedMessages(writes, this.signed);
  }

  private miss(kind: PrefetchMiss, key: string): void {
    this.opts.prefetch.missed(kind);
    assert(
      !this.opts.prefetch.strict,
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
