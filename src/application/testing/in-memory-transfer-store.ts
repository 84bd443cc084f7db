import {
  type Ispb,
  type LedgerEntry,
  type Money,
  type RejectionReason,
  SettlementAccount,
  type SettlementAccountProps,
  Transfer,
  type TransferProps,
  type TransferStatus,
  type Transition,
} from '../../domain';
import type { Hasher } from '../ports/hasher';
import type { SettlementRepository } from '../ports/settlement-repository';
import type { Actor, BankNotice, Reminder, TransferUnitOfWork } from '../ports/transfer-unit-of-work';
import { InMemoryUnitOfWork, type Prefetch } from './in-memory-unit-of-work';

/*
 * Test fakes of the transfer ports. Like the directory fakes they store copies and hand out fresh
 * entities, so a use case that changes a transfer or an account but never records it is caught.
 * The store is the tables; a use case runs in a unit of work over them (`unitOfWork`), which may read
 * only what it prefetched, as the hub's does in the tests. Writes commit as they go and are visible to
 * the next read at once: the adapter's unit of work must read its own buffered writes too (several
 * requests in one batch reserve on one settlement account).
 * Writes that a real schema would refuse throw plain Errors: they are bugs, not outcomes.
 */

/** One row of the append-only transfer history; `from` is null for the creation. */
export interface HistoryRow {
  endToEndId: string;
  from: TransferStatus | null;
  to: TransferStatus;
  reason?: RejectionReason;
  actor: Actor;
  at: Date;
}

/** One row of the reconciliation table: a transfer raised, by whom and why. */
export interface ReconciliationRow {
  endToEndId: string;
  reason: string;
  raisedBy: Actor;
  detail: string;
  raisedAt: Date;
}

/** A notice as the outbox holds it: the transfer's state when it was sent, not a live reference. */
export interface SentNotice {
  to: string;
  notice: BankNotice;
}

interface StoredRow {
  props: TransferProps;
  payloadHash: string;
}

/** The transfer and settlement tables, written as a unit of work over them writes (it commits as it goes). */
export class InMemoryTransferStore {
  readonly history: HistoryRow[] = [];
  readonly ledger: LedgerEntry[] = [];
  readonly sent: SentNotice[] = [];
  /** The ISPB of each lookup token given back, in order. */
  readonly lookupTokensReturned: string[] = [];
  readonly reconciliations: ReconciliationRow[] = [];
  /** The last reminder per transfer, and how many times one was written. */
  readonly reminders = new Map<string, Reminder>();
  private reminderWrites = 0;
  private readonly transfers = new Map<string, StoredRow>();
  private readonly accounts = new Map<string, SettlementAccountProps>();

  /**
   * A unit of work that has prefetched these transfers (and so the settlement accounts of their
   * parties) and these banks' accounts, as the relay prefetches a batch: reading anything else throws.
   */
  unitOfWork(prefetch: Prefetch = {}): TransferUnitOfWork {
    return new InMemoryUnitOfWork(this, prefetch);
  }

  addTransfer(transfer: Transfer, payloadHash: string, actor: Actor): void {
    const id = transfer.id.value;
    if (this.transfers.has(id)) throw new Error(`primary key: transfer ${id} exists`);
    this.transfers.set(id, { props: { ...transfer.snapshot }, payloadHash });
    const { status: to, createdAt: at } = transfer.snapshot;
    this.history.push({ endToEndId: id, from: null, to, actor, at });
  }

  /** Refuses a transition that does not start from the stored state: a lost update. */
  recordTransition(transfer: Transfer, transition: Transition, actor: Actor): void {
    const id = transfer.id.value;
    const row = this.transfers.get(id);
    if (!row) throw new Error(`transfer ${id} is not stored`);
    if (row.props.status !== transition.from || transfer.status !== transition.to) {
      throw new Error(`transfer ${id} is ${row.props.status}, not ${transition.from}`);
    }
    row.props = { ...transfer.snapshot };
    const { from, to, reason, at } = transition;
    this.history.push({ endToEndId: id, from, to, reason, actor, at });
  }

  recordLedger(account: SettlementAccount, entry: LedgerEntry): void {
    if (!entry.ispb.equals(account.ispb)) throw new Error('ledger entry of another account');
    this.accounts.set(account.ispb.value, { ...account.snapshot });
    this.ledger.push({ ...entry });
  }

  recordReminder(transfer: Transfer, reminder: Reminder): void {
    this.reminders.set(transfer.id.value, { ...reminder });
    this.reminderWrites++;
  }

  /** Refuses a second row for one transfer, like the adapter's primary key. */
  recordReconciliation(transfer: Transfer, raisedBy: Actor, detail: string): void {
    const id = transfer.id.value;
    const row = this.transfers.get(id);
    const { reconciliation } = transfer.snapshot;
    if (!row || !reconciliation) throw new Error(`transfer ${id} is not stored or not raised`);
    if (this.reconciliations.some((r) => r.endToEndId === id)) throw new Error(`primary key: ${id} raised`);
    row.props = { ...row.props, reconciliation: { ...reconciliation } };
    this.reconciliations.push({ endToEndId: id, ...reconciliation, raisedBy, detail });
  }

  send(to: Ispb, notice: BankNotice): void {
    const copy: BankNotice =
      notice.type === 'transfer'
        ? { type: 'transfer', transfer: Transfer.restore(notice.transfer.snapshot) }
        : { ...notice };
    this.sent.push({ to: to.value, notice: copy });
  }

  returnLookupToken(ispb: Ispb): void {
    this.lookupTokensReturned.push(ispb.value);
  }

  /** Everything the unit of work has written so far; unchanged means "no writes". */
  writes(): number {
    const { history, ledger, sent, reconciliations, lookupTokensReturned } = this;
    const rows = history.length + ledger.length + sent.length + reconciliations.length;
    return rows + lookupTokensReturned.length + this.reminderWrites;
  }

  transfer(endToEndId: string): Transfer | undefined {
    const row = this.transfers.get(endToEndId);
    return row && Transfer.restore(row.props);
  }

  payloadHash(endToEndId: string): string | undefined {
    return this.transfers.get(endToEndId)?.payloadHash;
  }

  all(): Transfer[] {
    return [...this.transfers.values()].map((row) => Transfer.restore(row.props));
  }

  account(ispb: string): SettlementAccount | undefined {
    const row = this.accounts.get(ispb);
    return row && SettlementAccount.restore(row);
  }

  /** Seeds an account as it is (e.g. with a net debit cap), behind the use cases' back. */
  putAccount(account: SettlementAccount): void {
    this.accounts.set(account.ispb.value, { ...account.snapshot });
  }
}

export class InMemorySettlementRepository implements SettlementRepository {
  private readonly usedKeys = new Set<string>();

  constructor(private readonly store: InMemoryTransferStore) {}

  async find(ispb: Ispb): Promise<SettlementAccount | undefined> {
    return this.store.account(ispb.value);
  }

  /** Idempotency keys are scoped to the bank, like the adapter's unique (ispb, key). */
  async fund(ispb: Ispb, amount: Money, at: Date, idempotencyKey?: string): Promise<SettlementAccount> {
    const scoped = idempotencyKey === undefined ? undefined : `${ispb.value}/${idempotencyKey}`;
    const account = this.store.account(ispb.value) ?? SettlementAccount.open(ispb);
    if (scoped !== undefined && this.usedKeys.has(scoped)) return account;
    if (scoped !== undefined) this.usedKeys.add(scoped);
    this.store.recordLedger(account, account.fund(amount, at));
    return this.store.account(ispb.value) as SettlementAccount;
  }

  async modify(ispb: Ispb, change: (account: SettlementAccount) => void): Promise<SettlementAccount> {
    const account = this.store.account(ispb.value) ?? SettlementAccount.open(ispb);
    change(account);
    this.store.putAccount(account);
    return this.store.account(ispb.value) as SettlementAccount;
  }

  async entries(ispb: Ispb): Promise<LedgerEntry[]> {
    return this.store.ledger.filter((e) => e.ispb.equals(ispb)).map((e) => ({ ...e }));
  }
}

/**
 * A deterministic stand-in for SHA-256 (FNV-1a with eight seeds, 64 hex digits): not a cryptographic
 * hash, but equal texts give equal digests. `inputs` lists what was hashed, so specs can read the
 * canonical payload.
 */
export class FakeHasher implements Hasher {
  readonly inputs: string[] = [];

  sha256(text: string): string {
    this.inputs.push(text);
    let digest = '';
    for (let seed = 0; seed < 8; seed++) {
      let h = (0x811c9dc5 ^ (seed * 0x9e3779b9)) >>> 0;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
      digest += h.toString(16).padStart(8, '0');
    }
    return digest;
  }
}
