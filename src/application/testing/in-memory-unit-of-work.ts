import { assert, Ispb, Money, SettlementAccount, Transfer, tariffDay } from '../../domain';
import type {
  AckDue,
  BankNotice,
  DueTariff,
  Reminder,
  StoredTransfer,
  TransferUnitOfWork,
  Unacknowledged,
} from '../ports/transfer-unit-of-work';
import type { InMemoryTransferStore, SentNotice } from './in-memory-transfer-store';

/** What a unit of work locks before its use case runs, as the relay prefetches a message's rows. */
export interface Prefetch {
  endToEndIds?: string[];
  /** Banks whose settlement accounts are locked besides the parties of `endToEndIds`. */
  ispbs?: string[];
}

/**
 * A unit of work over the store's tables, as the hub's:
 * - it reads only what it locked, as the hub's does under CODEPIX_STRICT_PREFETCH: the transfers and
 *   accounts it prefetched, the parties' accounts of the transfers prefetched, what its own sweep
 *   queries return (with the parties' accounts of expired pending transfers, as the adapter's query
 *   locks them) and what it adds. Its first read may lock a row of its own (one lock has no order to
 *   break: a gRPC call funding one bank); any other read throws, so a spec catches a use case that
 *   would lock a row out of key order at the hub;
 * - a second read of a row returns the same entity, so several requests reserve on one account;
 * - nothing reaches the tables before `flush`, which stores the changes every entity it handed out or
 *   was given made.
 */
export class InMemoryUnitOfWork implements TransferUnitOfWork {
  private readonly locked = { transfers: new Set<string>(), accounts: new Set<string>() };
  private readonly transfers = new Map<string, StoredTransfer>();
  private readonly accounts = new Map<string, SettlementAccount>();
  private readonly added = new Set<Transfer>();
  private readonly sent: SentNotice[] = [];
  private readonly tokens: string[] = [];
  private readonly reminders = new Map<string, Reminder>();
  private readonly accrued = new Map<string, number>();
  private readonly charged: { due: DueTariff; amount: Money; at: Date }[] = [];

  constructor(
    private readonly store: InMemoryTransferStore,
    prefetch: Prefetch,
  ) {
    for (const id of prefetch.endToEndIds ?? []) this.lock(id, store.transfer(id), true);
    for (const ispb of prefetch.ispbs ?? []) this.locked.accounts.add(ispb);
  }

  async findTransfer(endToEndId: string): Promise<StoredTransfer | undefined> {
    // As at the hub: an id of another length names no row (the column is char(32)), so nothing to lock.
    if (endToEndId.length !== 32) return undefined;
    this.requireLock('transfer', this.locked.transfers, endToEndId);
    return this.load(endToEndId);
  }

  /** Opens an empty account for a registered bank never funded, as the adapter does. */
  async settlementAccount(ispb: Ispb): Promise<SettlementAccount> {
    this.requireLock('settlement account', this.locked.accounts, ispb.value);
    const loaded = this.accounts.get(ispb.value);
    if (loaded) return loaded;
    if (!this.store.isRegistered(ispb.value)) throw new Error(`no bank ${ispb} is registered`);
    const account = this.store.account(ispb.value) ?? SettlementAccount.open(ispb);
    this.accounts.set(ispb.value, account);
    return account;
  }

  /** Scoped to the bank, like the adapter's unique (ispb, idempotency_key). */
  async fundingKeyUsed(ispb: Ispb, key: string): Promise<boolean> {
    return this.store.ledger.some((e) => e.ispb.equals(ispb) && e.idempotencyKey === key);
  }

  async refundedSoFar(original: Transfer): Promise<Money> {
    this.requireLock('transfer', this.locked.transfers, original.id.value);
    const stored = this.store.all().filter((t) => !this.transfers.has(t.id.value));
    const mine = [...this.transfers.values()].map((s) => s.transfer);
    return [...stored, ...mine]
      .filter((t) => t.snapshot.refundOf?.originalId.value === original.id.value && t.status !== 'rejected')
      .reduce((sum, t) => sum.add(t.snapshot.amount), Money.ZERO);
  }

  /** Oldest deadline first, as the adapter's ORDER BY deadline. */
  async expiredPending(now: Date, limit: number): Promise<Transfer[]> {
    const expired = this.store
      .all()
      .filter((t) => t.status === 'pending' && t.isPastDeadline(now))
      .sort((a, b) => (a.snapshot.deadline?.getTime() ?? 0) - (b.snapshot.deadline?.getTime() ?? 0))
      .slice(0, limit);
    for (const transfer of expired) this.lock(transfer.id.value, transfer, true);
    return expired.map((t) => (this.load(t.id.value) as StoredTransfer).transfer);
  }

  /** Oldest confirmation first, as the adapter's ORDER BY updated_at. */
  async unacknowledged(due: AckDue, limit: number): Promise<Unacknowledged[]> {
    const found = this.store
      .all()
      .filter((t) => t.status === 'confirmed' && !t.snapshot.reconciliation)
      .map((t) => ({ t, reminder: this.store.reminders.get(t.id.value) }))
      .filter(({ t, reminder }) => {
        const confirmedAt = t.snapshot.updatedAt;
        if (confirmedAt <= due.overdueBefore) return true;
        return reminder ? reminder.nextAt <= due.now : confirmedAt <= due.confirmedBefore;
      })
      .sort((a, b) => a.t.snapshot.updatedAt.getTime() - b.t.snapshot.updatedAt.getTime())
      .slice(0, limit);
    for (const { t } of found) this.lock(t.id.value, t, false);
    return found.map(({ t, reminder }) => ({
      transfer: (this.load(t.id.value) as StoredTransfer).transfer,
      reminder: reminder && { ...reminder },
    }));
  }

  /** Oldest day first, then ISPB, as the adapter's ORDER BY; their banks' accounts locked with them. */
  async dueTariffs(today: string, limit: number): Promise<DueTariff[]> {
    const due = [...this.store.tariffs]
      .filter(([key, row]) => !row.charged && key.split('|')[1] < today)
      .map(([key, row]) => {
        const [ispb, day] = key.split('|');
        return { ispb: Ispb.create(ispb), day, transfers: row.transfers };
      })
      .sort((a, b) => a.day.localeCompare(b.day) || a.ispb.value.localeCompare(b.ispb.value))
      .slice(0, limit);
    for (const d of due) this.locked.accounts.add(d.ispb.value);
    return due;
  }

  accrueTariff(ispb: Ispb, at: Date): void {
    const key = `${ispb.value}|${tariffDay(at)}`;
    this.accrued.set(key, (this.accrued.get(key) ?? 0) + 1);
  }

  tariffCharged(due: DueTariff, amount: Money, at: Date): void {
    this.charged.push({ due, amount, at });
  }

  addTransfer(transfer: Transfer, payloadHash: string): void {
    const id = transfer.id.value;
    if (this.transfers.has(id) || this.store.transfer(id))
      throw new Error(`primary key: transfer ${id} exists`);
    this.transfers.set(id, { transfer, payloadHash });
    this.added.add(transfer);
    this.locked.transfers.add(id);
  }

  /** A copy: the outbox holds the transfer's state when it was sent, not a live reference. */
  send(to: Ispb, notice: BankNotice): void {
    const copy: BankNotice =
      notice.type === 'transfer'
        ? { type: 'transfer', transfer: Transfer.restore(notice.transfer.snapshot) }
        : { ...notice };
    this.sent.push({ to: to.value, notice: copy });
  }

  returnLookupToken(ispb: Ispb): void {
    this.tokens.push(ispb.value);
  }

  recordReminder(transfer: Transfer, reminder: Reminder): void {
    this.reminders.set(transfer.id.value, { ...reminder });
  }

  /** Stores everything, as the adapter's flush and commit; a bug's write throws before anything is stored. */
  flush(): void {
    const transfers = [...this.transfers.values()].map((stored) => ({
      stored,
      changes: stored.transfer.takeChanges(),
      added: this.added.has(stored.transfer),
    }));
    const accounts = [...this.accounts.values()].map((account) => ({ account, ...account.takeChanges() }));
    this.store.commit({
      transfers,
      accounts,
      sent: this.sent,
      tokens: this.tokens,
      reminders: this.reminders,
      accrued: this.accrued,
      charged: this.charged,
    });
  }

  /** A read of a row not locked: allowed only as the first lock, which has no order to break. */
  private requireLock(kind: string, locked: Set<string>, key: string): void {
    if (locked.has(key)) return;
    const holds = this.locked.transfers.size + this.locked.accounts.size > 0;
    assert(!holds, `${kind} ${key} was read without being prefetched`);
    locked.add(key);
  }

  /** Locks a transfer (found or not) and, with `parties`, the settlement accounts of its banks. */
  private lock(endToEndId: string, transfer: Transfer | undefined, parties: boolean): void {
    this.locked.transfers.add(endToEndId);
    if (parties) for (const ispb of transfer?.parties ?? []) this.locked.accounts.add(ispb.value);
  }

  private load(endToEndId: string): StoredTransfer | undefined {
    const loaded = this.transfers.get(endToEndId);
    if (loaded) return loaded;
    const stored = this.store.stored(endToEndId);
    if (stored) this.transfers.set(endToEndId, stored);
    return stored;
  }
}
