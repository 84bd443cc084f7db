import {
  assert,
  type Ispb,
  type LedgerEntry,
  type SettlementAccount,
  Transfer,
  type Transition,
} from '../../domain';
import type {
  AckDue,
  Actor,
  BankNotice,
  Reminder,
  StoredTransfer,
  TransferUnitOfWork,
  Unacknowledged,
} from '../ports/transfer-unit-of-work';
import type { InMemoryTransferStore } from './in-memory-transfer-store';

/** What a unit of work locks before its use case runs, as the relay prefetches a message's rows. */
export interface Prefetch {
  endToEndIds?: string[];
  /** Banks whose settlement accounts are locked besides the parties of `endToEndIds`. */
  ispbs?: string[];
}

/**
 * A unit of work over the store's tables that reads only what it locked, as the hub's does under
 * CODEPIX_STRICT_PREFETCH: the transfers and accounts it prefetched, the parties' accounts of the
 * transfers prefetched when they exist, what its own sweep queries return (with the parties' accounts
 * of expired pending transfers, as the adapter's query locks them), and what it adds. Any other read
 * throws, so a spec catches a use case that would lock a row out of key order at the hub.
 * Writes go straight to the store.
 */
export class InMemoryUnitOfWork implements TransferUnitOfWork {
  private readonly transfers = new Set<string>();
  private readonly accounts = new Set<string>();

  constructor(
    private readonly store: InMemoryTransferStore,
    prefetch: Prefetch,
  ) {
    for (const id of prefetch.endToEndIds ?? []) this.lock(id, store.transfer(id), true);
    for (const ispb of prefetch.ispbs ?? []) this.accounts.add(ispb);
  }

  async findTransfer(endToEndId: string): Promise<StoredTransfer | undefined> {
    // As at the hub: an id of another length names no row (the column is char(32)), so nothing to lock.
    if (endToEndId.length !== 32) return undefined;
    assert(this.transfers.has(endToEndId), `transfer ${endToEndId} was read without being prefetched`);
    const transfer = this.store.transfer(endToEndId);
    return transfer && { transfer, payloadHash: this.store.payloadHash(endToEndId) as string };
  }

  async settlementAccount(ispb: Ispb): Promise<SettlementAccount | undefined> {
    assert(this.accounts.has(ispb.value), `settlement account ${ispb} was read without being prefetched`);
    return this.store.account(ispb.value);
  }

  /** Oldest deadline first, as the adapter's ORDER BY deadline. */
  async expiredPending(now: Date, limit: number): Promise<Transfer[]> {
    const expired = this.store
      .all()
      .filter((tx) => tx.status === 'pending' && tx.isPastDeadline(now))
      .sort((a, b) => (a.snapshot.deadline?.getTime() ?? 0) - (b.snapshot.deadline?.getTime() ?? 0))
      .slice(0, limit);
    for (const transfer of expired) this.lock(transfer.id.value, transfer, true);
    return expired;
  }

  /** Oldest confirmation first, as the adapter's ORDER BY updated_at. */
  async unacknowledged(due: AckDue, limit: number): Promise<Unacknowledged[]> {
    const found = this.store
      .all()
      .filter((tx) => tx.status === 'confirmed' && !tx.snapshot.reconciliation)
      .map((transfer) => ({ transfer, reminder: this.store.reminders.get(transfer.id.value) }))
      .filter(({ transfer, reminder }) => {
        const confirmedAt = transfer.snapshot.updatedAt;
        if (confirmedAt <= due.overdueBefore) return true;
        return reminder ? reminder.nextAt <= due.now : confirmedAt <= due.confirmedBefore;
      })
      .sort((a, b) => a.transfer.snapshot.updatedAt.getTime() - b.transfer.snapshot.updatedAt.getTime())
      .slice(0, limit)
      .map(({ transfer, reminder }) => ({ transfer, reminder: reminder && { ...reminder } }));
    for (const { transfer } of found) this.lock(transfer.id.value, transfer, false);
    return found;
  }

  addTransfer(transfer: Transfer, payloadHash: string, actor: Actor): void {
    this.store.addTransfer(transfer, payloadHash, actor);
    this.transfers.add(transfer.id.value);
  }

  recordTransition(transfer: Transfer, transition: Transition, actor: Actor): void {
    this.store.recordTransition(transfer, transition, actor);
  }

  recordLedger(account: SettlementAccount, entry: LedgerEntry): void {
    this.store.recordLedger(account, entry);
  }

  send(to: Ispb, notice: BankNotice): void {
    this.store.send(to, notice);
  }

  returnLookupToken(ispb: Ispb): void {
    this.store.returnLookupToken(ispb);
  }

  recordReminder(transfer: Transfer, reminder: Reminder): void {
    this.store.recordReminder(transfer, reminder);
  }

  recordReconciliation(transfer: Transfer, raisedBy: Actor, detail: string): void {
    this.store.recordReconciliation(transfer, raisedBy, detail);
  }

  /** Locks a transfer (found or not) and, with `parties`, the settlement accounts of its banks. */
  private lock(endToEndId: string, transfer: Transfer | undefined, parties: boolean): void {
    this.transfers.add(endToEndId);
    if (parties) for (const ispb of transfer?.parties ?? []) this.accounts.add(ispb.value);
  }
}
