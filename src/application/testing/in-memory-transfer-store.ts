import {
  type Ispb,
  type LedgerEntry,
  type Money,
  type RejectionReason,
  SettlementAccount,
  type SettlementAccountProps,
  Transfer,
  type TransferChange,
  type TransferProps,
  type TransferStatus,
} from '../../domain';
import type { Hasher } from '../ports/hasher';
import type { SettlementQuery, TariffDayRecord } from '../ports/settlement-query';
import type {
  Actor,
  BankNotice,
  DueTariff,
  Reminder,
  StoredTransfer,
  TransferUnitOfWork,
} from '../ports/transfer-unit-of-work';
import { InMemoryUnitOfWork, type Prefetch } from './in-memory-unit-of-work';

/*
 * Test fakes of the transfer ports. Like the directory fakes they store copies and hand out fresh
 * entities per unit of work, so only what a unit of work collects from its entities is stored.
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

/** What a unit of work hands its store to commit: every entity it loaded or added, with its changes. */
export interface InMemoryCommit {
  transfers: { stored: StoredTransfer; changes: TransferChange[]; added: boolean }[];
  accounts: { account: SettlementAccount; entries: LedgerEntry[]; changed: boolean }[];
  sent: SentNotice[];
  tokens: string[];
  reminders: ReadonlyMap<string, Reminder>;
  /** Transfers counted per `ispb|day`, and the due tariffs charged. */
  accrued: ReadonlyMap<string, number>;
  charged: { due: DueTariff; amount: Money; at: Date }[];
}

/** One bank's tariff of one day: how many transfers it sent, and when and how much it was charged. */
export interface TariffRow {
  transfers: number;
  charged?: { amount: Money; at: Date };
}

/**
 * The transfer and settlement tables. Use cases run in `run`, on a fresh unit of work that has
 * prefetched what the relay would and may read nothing else; it is flushed when the work returns (and
 * dropped when it throws, as a rollback), as the transaction runner does.
 */
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
  /** By `ispb|day`, as the adapter's primary key. */
  readonly tariffs = new Map<string, TariffRow>();

  /** With `banks`, a settlement account opens only for a bank stored there, as the schema's foreign key. */
  constructor(private readonly banks?: { get(ispb: string): unknown }) {}

  /**
   * A unit of work that has prefetched these transfers (and so the settlement accounts of their
   * parties) and these banks' accounts, as the relay prefetches a batch: reading anything else throws
   * once it holds a lock.
   */
  unitOfWork(prefetch: Prefetch = {}): InMemoryUnitOfWork {
    return new InMemoryUnitOfWork(this, prefetch);
  }

  async run<T>(work: (uow: TransferUnitOfWork) => Promise<T>, prefetch: Prefetch = {}): Promise<T> {
    const uow = this.unitOfWork(prefetch);
    const result = await work(uow);
    uow.flush();
    return result;
  }

  isRegistered(ispb: string): boolean {
    return !this.banks || this.banks.get(ispb) !== undefined;
  }

  /**
   * Stores a unit of work's changes. Refuses what a real schema or lock would: a transition that does not
   * start from the stored state (a lost update), a second reconciliation, a ledger entry of another account.
   */
  commit(c: InMemoryCommit): void {
    for (const { stored, changes, added } of c.transfers) {
      const id = stored.transfer.id.value;
      const row = this.transfers.get(id);
      if (added && row) throw new Error(`primary key: transfer ${id} exists`);
      let status = added ? null : (row?.props.status ?? null);
      for (const change of changes) {
        if (change.kind === 'raised') {
          if (this.reconciliations.some((r) => r.endToEndId === id))
            throw new Error(`primary key: ${id} raised`);
          const { reconciliation, by, detail } = change;
          this.reconciliations.push({ endToEndId: id, ...reconciliation, raisedBy: by, detail });
          continue;
        }
        if (change.from !== status) throw new Error(`transfer ${id} is ${status}, not ${change.from}`);
        status = change.to;
        const { from, to, reason, by, at } = change;
        this.history.push({ endToEndId: id, from, to, reason, actor: by, at });
      }
      if (added || changes.length > 0) {
        this.transfers.set(id, { props: { ...stored.transfer.snapshot }, payloadHash: stored.payloadHash });
      }
    }
    for (const { account, entries, changed } of c.accounts) {
      if (entries.some((e) => !e.ispb.equals(account.ispb)))
        throw new Error('ledger entry of another account');
      if (changed) this.accounts.set(account.ispb.value, { ...account.snapshot });
      this.ledger.push(...entries.map((e) => ({ ...e })));
    }
    this.sent.push(...c.sent);
    this.lookupTokensReturned.push(...c.tokens);
    for (const [id, reminder] of c.reminders) this.reminders.set(id, reminder);
    this.reminderWrites += c.reminders.size;
    for (const [key, count] of c.accrued) {
      const row = this.tariffs.get(key) ?? { transfers: 0 };
      this.tariffs.set(key, { ...row, transfers: row.transfers + count });
    }
    for (const { due, amount, at } of c.charged) {
      const row = this.tariffs.get(`${due.ispb.value}|${due.day}`);
      if (!row || row.charged) throw new Error(`tariff ${due.ispb}|${due.day} is not due`);
      row.charged = { amount, at };
    }
  }

  /** Everything written so far; unchanged means "no writes". */
  writes(): number {
    const { history, ledger, sent, reconciliations, lookupTokensReturned } = this;
    const rows = history.length + ledger.length + sent.length + reconciliations.length;
    return rows + lookupTokensReturned.length + this.reminderWrites;
  }

  /** A fresh entity from the stored row, as a unit of work loads it. */
  stored(endToEndId: string): StoredTransfer | undefined {
    const row = this.transfers.get(endToEndId);
    return row && { transfer: Transfer.restore(row.props), payloadHash: row.payloadHash };
  }

  transfer(endToEndId: string): Transfer | undefined {
    return this.stored(endToEndId)?.transfer;
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

export class InMemorySettlementQuery implements SettlementQuery {
  constructor(private readonly store: InMemoryTransferStore) {}

  async find(ispb: Ispb): Promise<SettlementAccount | undefined> {
    return this.store.account(ispb.value);
  }

  async entries(ispb: Ispb, limit: number): Promise<LedgerEntry[]> {
    const mine = this.store.ledger.filter((e) => e.ispb.equals(ispb)).map((e) => ({ ...e }));
    return mine.reverse().slice(0, limit);
  }

  async tariffs(ispb: Ispb, limit: number): Promise<TariffDayRecord[]> {
    return [...this.store.tariffs]
      .filter(([key]) => key.startsWith(`${ispb.value}|`))
      .map(([key, row]) => ({ day: key.split('|')[1], transfers: row.transfers, charged: row.charged }))
      .sort((a, b) => b.day.localeCompare(a.day))
      .slice(0, limit);
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
