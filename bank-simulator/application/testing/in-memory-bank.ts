import { type KeyKind, Money } from '../../../src/domain';
import {
  type BankClaim,
  type BankTransfer,
  type Charge,
  type Customer,
  type CustomerAccount,
  recordKey,
  type StatementEntry,
} from '../../domain';
import type { OutgoingMessage } from '../messages';
import type {
  AccountRepository,
  BankStore,
  BankTransactionRunner,
  BankUnitOfWork,
  ChargeRepository,
  HubDirectory,
  InboxVerdict,
  LedgerSummary,
  PixKeyInfo,
  RandomSource,
  TransferRepository,
} from '../ports';
import { inMemoryClaims } from './in-memory-claims';

/** Everything the bank stores. Entities are immutable, so copying the collections snapshots it. */
interface State {
  accounts: Map<string, CustomerAccount>;
  statement: StatementEntry[];
  transfers: Map<string, BankTransfer>;
  charges: Map<string, Charge>;
  claims: Map<string, BankClaim>;
  customers: Map<string, Customer>;
  /** Message id → fingerprint. */
  inbox: Map<string, string>;
  outbox: OutgoingMessage[];
  /** Where each dead letter was read (`topic/partition/offset`): one DLQ entry per offset. */
  deadLetters: Set<string>;
  nextNumber: number;
}

const copy = (s: State): State => ({
  accounts: new Map(s.accounts),
  statement: [...s.statement],
  transfers: new Map(s.transfers),
  charges: new Map(s.charges),
  claims: new Map(s.claims),
  customers: new Map(s.customers),
  inbox: new Map(s.inbox),
  outbox: [...s.outbox],
  deadLetters: new Set(s.deadLetters),
  nextNumber: s.nextNumber,
});

const sum = (amounts: Money[]) => amounts.reduce((a, b) => a.add(b), Money.ZERO);

/**
 * The unit of work in memory, for use-case specs: units run one at a time (like serialisable
 * transactions) on a copy of the state that replaces it only if the work succeeds.
 */
export class InMemoryBank implements BankTransactionRunner {
  state: State = {
    accounts: new Map(),
    statement: [],
    transfers: new Map(),
    charges: new Map(),
    claims: new Map(),
    customers: new Map(),
    inbox: new Map(),
    outbox: [],
    deadLetters: new Set(),
    nextNumber: 1001,
  };
  private queue: Promise<unknown> = Promise.resolve();

  run<T>(work: (tx: BankUnitOfWork) => Promise<T>): Promise<T> {
    const result = this.queue.then(async () => {
      const draft = copy(this.state);
      const value = await work(unitOfWork(draft));
      this.state = draft;
      return value;
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  read<T>(work: (store: BankStore) => Promise<T>): Promise<T> {
    return work(unitOfWork(this.state));
  }

  /** The messages committed so far, and forgets them (as the relay does once they are published). */
  takeOutbox(): OutgoingMessage[] {
    const messages = this.state.outbox;
    this.state.outbox = [];
    return messages;
  }
}

function unitOfWork(s: State): BankUnitOfWork {
  return {
    accounts: accounts(s),
    transfers: transfers(s),
    charges: charges(s),
    claims: inMemoryClaims(s.claims),
    customers: {
      find: async (taxId) => s.customers.get(taxId),
      save: async (customer) => void s.customers.set(customer.taxId, customer),
    },
    summary: async (): Promise<LedgerSummary> => {
      const all = [...s.accounts.values()];
      const open = (direction: string) =>
        sum(
          [...s.transfers.values()]
            .filter((t) => t.isPending && t.direction === direction)
            .map((t) => t.props.amount),
        );
      return {
        totalBalance: sum(all.map((a) => a.props.balance)),
        totalHeld: sum(all.map((a) => a.props.held)),
        totalDeposits: sum(s.statement.filter((e) => e.kind === 'deposit').map((e) => e.amount)),
        openOutgoing: open('outgoing'),
        openIncoming: open('incoming'),
      };
    },
    claimInbox: async (messages) =>
      messages.map(({ messageId, fingerprint }): InboxVerdict => {
        const seen = s.inbox.get(messageId);
        if (seen === undefined) s.inbox.set(messageId, fingerprint);
        return seen === undefined ? 'new' : seen === fingerprint ? 'seen' : 'reused';
      }),
    // As the adapter: a dead letter of an offset already dead-lettered is not written again.
    appendOutbox: async (messages) => {
      for (const m of messages) {
        if (m.kind === 'dead-letter') {
          const source = `${m.original.topic}/${m.original.partition}/${m.original.offset}`;
          if (s.deadLetters.has(source)) continue;
          s.deadLetters.add(source);
        }
        s.outbox.push(m);
      }
    },
  };
}

function accounts(s: State): AccountRepository {
  return {
    nextNumber: async () => String(s.nextNumber++),
    insert: async (account) => {
      s.accounts.set(account.number, account);
    },
    find: async (number) => s.accounts.get(number),
    list: async () => [...s.accounts.values()],
    listOwnedBy: async (taxId) => [...s.accounts.values()].filter((a) => a.props.ownerTaxId.value === taxId),
    lock: async (numbers) =>
      new Map(numbers.flatMap((n) => (s.accounts.has(n) ? [[n, s.accounts.get(n) as CustomerAccount]] : []))),
    save: async (changes) => {
      for (const { after } of changes) s.accounts.set(after.number, after);
    },
    appendStatement: async (entries) => {
      for (const e of entries) {
        const twice =
          e.endToEndId && s.statement.some((x) => x.endToEndId === e.endToEndId && x.kind === e.kind);
        if (twice) throw new Error(`unique violation: ${e.kind} of ${e.endToEndId} twice`);
        s.statement.push(e);
      }
    },
    statement: async (number) => s.statement.filter((e) => e.account === number),
  };
}

function transfers(s: State): TransferRepository {
  const all = () => [...s.transfers.values()];
  const put = (t: BankTransfer) => s.transfers.set(recordKey(t.endToEndId, t.direction), t);
  return {
    findByIdempotencyKey: async (key) => all().find((t) => t.props.idempotencyKey === key),
    holdAndRecord: async (transfer) => {
      const { account: number, amount, idempotencyKey } = transfer.props;
      const account = s.accounts.get(number);
      if (all().some((t) => t.props.idempotencyKey === idempotencyKey)) return undefined;
      if (!account?.isOpen || account.available.compare(amount) < 0) return undefined;
      const held = account.hold(amount);
      s.accounts.set(number, held);
      put(transfer);
      return held;
    },
    insertIncoming: async (list) => {
      for (const t of list) put(t);
    },
    lockByEndToEndIds: async (ids) => all().filter((t) => ids.includes(t.endToEndId)),
    saveStatus: async (list) => {
      for (const t of list) put(t);
    },
    find: async (id) => all().filter((t) => t.endToEndId === id),
    list: async ({ accounts, status, limit }) =>
      all()
        .filter((t) => (!accounts || accounts.includes(t.props.account)) && (!status || t.status === status))
        .reverse()
        .slice(0, limit),
    countPendingOutgoing: async () => all().filter((t) => t.direction === 'outgoing' && t.isPending).length,
  };
}

function charges(s: State): ChargeRepository {
  return {
    insert: async (charge) => {
      if (s.charges.has(charge.txid)) return false;
      s.charges.set(charge.txid, charge);
      return true;
    },
    find: async (txid) => s.charges.get(txid),
    lock: async (txids) =>
      new Map(txids.flatMap((t) => (s.charges.has(t) ? [[t, s.charges.get(t) as Charge]] : []))),
    save: async (list) => {
      for (const c of list) s.charges.set(c.txid, c);
    },
  };
}

/** The hub's key directory as a map; refuses a key registered twice, like the hub. */
export class FakeHubDirectory implements HubDirectory {
  readonly keys: PixKeyInfo[] = [];

  async registerKey(account: CustomerAccount, kind: KeyKind, key: string): Promise<PixKeyInfo> {
    const value =
      kind === 'evp' ? `00000000-0000-4000-8000-${String(this.keys.length).padStart(12, '0')}` : key;
    if (this.keys.some((k) => k.key === value)) throw new Error(`key ${value} already exists`);
    const { branch, number, type, ownerName } = account.props;
    const info = { key: value, kind, branch, accountNumber: number, accountType: type, ownerName };
    this.keys.push(info);
    return info;
  }

  async listKeys(account: CustomerAccount): Promise<PixKeyInfo[]> {
    return this.keys.filter((k) => k.accountNumber === account.number);
  }
}

/** Predictable "random" text: A0000000001, A0000000002, ... */
export class SequentialRandom implements RandomSource {
  private n = 0;

  alphanumerics(length: number): string {
    return `A${String(++this.n).padStart(length - 1, '0')}`;
  }
}
