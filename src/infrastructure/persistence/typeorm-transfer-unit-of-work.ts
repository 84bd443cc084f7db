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
  BankNotice,
  DueTariff,
  Reminder,
  StoredTransfer,
  TransferUnitOfWork,
  Unacknowledged,
} from '../../application/ports/transfer-unit-of-work';
import { assert, type Ispb, Money, type SettlementAccount, type Transfer, tariffDay } from '../../domain';
import type { TransferMove } from '../metrics/hub-metrics';
import type { RaisedReconciliation } from '../reconciliation-alarm';
import { type ReturnedTokens, returnLookupTokens } from './postgres-lookup-buckets';
import type { PrefetchMiss, PrefetchPolicy } from './prefetch-policy';
import { addTariffWrites, selectDueTariffs } from './tariff-writes';
import {
  lockExpiredPending,
  lockSettlementAccounts,
  lockTransfers,
  lockUnacknowledged,
} from './transfer-locks';
import { settlementFromRow, type TransferRow, transferFromRow } from './transfer-rows';
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
  private readonly added = new Set<Transfer>();
  private readonly lookupTokens: ReturnedTokens[] = [];
  private readonly reminders = new Map<string, Reminder>();
  private readonly signed: unknown[][] = [];
  private readonly tariffs = {
    accrued: new Map<string, number>(),
    charged: [] as { due: DueTariff; amount: Money; at: Date }[],
  };
  readonly outbox: OutboxMessage[] = [];
  /** The DLQ entries among the outbox, logged once the unit of work commits. */
  readonly deadLetters: OutboxMessage[] = [];
  /** Transfers raised for reconciliation in this unit of work (known at flush): reported once it commits. */
  raised: RaisedReconciliation[] = [];
  /** The moves this unit of work made (known at flush), for the metrics once it commits. */
  moves: TransferMove[] = [];

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
      const rows = await lockTransfers(this.manager, ids);
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

  async settlementAccount(ispb: Ispb): Promise<SettlementAccount> {
    if (!this.accounts.has(ispb.value)) {
      this.miss('settlement_account', ispb.value);
      await this.lockAccounts([ispb.value]);
    }
    const account = this.accounts.get(ispb.value);
    if (!account) throw new Error(`no bank ${ispb} is registered: it has no settlement account`);
    return account;
  }

  async fundingKeyUsed(ispb: Ispb, key: string): Promise<boolean> {
    const used: unknown[] = await this.manager.query(
      'SELECT 1 FROM ledger_entries WHERE ispb = $1 AND idempotency_key = $2',
      [ispb.value, key],
    );
    return used.length > 0;
  }

  /** The stored refunds this unit of work has not loaded, summed in SQL, and those it holds, as they are now. */
  async refundedSoFar(original: Transfer): Promise<Money> {
    const id = original.id.value;
    const held = [...this.transfers.values()].flatMap((s) =>
      s?.transfer.snapshot.refundOf?.originalId.value === id ? [s.transfer] : [],
    );
    const [row]: { sum: string }[] = await this.manager.query(
      `SELECT coalesce(sum(amount), 0) AS sum FROM transactions
       WHERE original_end_to_end_id = $1 AND status <> 'rejected' AND NOT (id = ANY($2))`,
      [id, held.map((t) => t.id.value)],
    );
    return held
      .filter((t) => t.status !== 'rejected')
      .reduce((sum, t) => sum.add(t.snapshot.amount), Money.fromCents(row.sum));
  }

  async expiredPending(now: Date, limit: number): Promise<Transfer[]> {
    const rows = await lockExpiredPending(this.manager, now, limit);
    const expired = rows.map((row) => this.remember(row).transfer);
    await this.lockAccounts(expired.flatMap((t) => t.parties.map((p) => p.value)));
    return expired;
  }

  async unacknowledged(due: AckDue, limit: number): Promise<Unacknowledged[]> {
    const rows = await lockUnacknowledged(this.manager, due, limit);
    return rows.map((row) => ({
      transfer: this.remember(row).transfer,
      reminder: row.sent && row.next_at ? { count: row.sent, nextAt: row.next_at } : undefined,
    }));
  }

  async dueTariffs(today: string, limit: number): Promise<DueTariff[]> {
    const due = await selectDueTariffs(this.manager, today, limit);
    await this.lockAccounts(due.map((d) => d.ispb.value));
    return due;
  }

  accrueTariff(ispb: Ispb, at: Date): void {
    const key = `${ispb.value}|${tariffDay(at)}`;
    this.tariffs.accrued.set(key, (this.tariffs.accrued.get(key) ?? 0) + 1);
  }

  tariffCharged(due: DueTariff, amount: Money, at: Date): void {
    this.tariffs.charged.push({ due, amount, at });
  }

  addTransfer(transfer: Transfer, payloadHash: string): void {
    this.transfers.set(transfer.id.value, { transfer, payloadHash });
    this.added.add(transfer);
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
   * Collects the changes of every transfer and account this unit of work handed out or was given, and
   * adds their writes to `writes` (the runner sends them with the outbox rows). The lookup tokens go
   * first, on their own: their rows are locked in key order, so concurrent hubs never deadlock on them.
   */
  async flush(writes: Writes): Promise<void> {
    await returnLookupTokens(this.manager, this.lookupTokens);
    const stored = [...this.transfers.values()].filter((t): t is StoredTransfer => t !== null);
    const accounts = [...this.accounts.values()].filter((a): a is SettlementAccount => a !== null);
    const collected = addTransferWrites(writes, {
      transfers: stored,
      added: this.added,
      accounts,
      reminders: this.reminders,
    });
    this.raised = collected.raised;
    this.moves = collected.moves;
    recordSignedMessages(writes, this.signed);
    addTariffWrites(writes, this.tariffs);
  }

  /**
   * A read of a row not prefetched. The first lock of a unit of work has no order to break (a gRPC call
   * funding one bank), so it is no miss; any later one is.
   */
  private miss(kind: PrefetchMiss, key: string): void {
    if (this.transfers.size + this.accounts.size === 0) return;
    this.opts.prefetch.missed(kind);
    assert(
      !this.opts.prefetch.strict,
      `${kind} ${key} was read without being prefetched: it would be locked out of key order`,
    );
  }

  private remember(row: TransferRow): StoredTransfer {
    const stored = { transfer: transferFromRow(row), payloadHash: row.payload_hash };
    this.transfers.set(row.id, stored);
    return stored;
  }

  /** Locks the accounts not held yet, in ISPB order, opening those of registered banks that have none. */
  private async lockAccounts(ispbs: string[]): Promise<void> {
    const missing = [...new Set(ispbs)].filter((i) => !this.accounts.has(i)).sort();
    if (missing.length === 0) return;
    const rows = await lockSettlementAccounts(this.manager, missing);
    for (const ispb of missing) this.accounts.set(ispb, null);
    for (const row of rows) this.accounts.set(row.ispb, settlementFromRow(row));
  }
}
