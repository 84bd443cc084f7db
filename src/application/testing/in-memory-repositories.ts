import {
  Account,
  type AccountProps,
  AlreadyExistsError,
  Bank,
  type BankProps,
  type KeyKind,
  PixKey,
  type PixKeyStatus,
  PreconditionError,
} from '../../domain';
import { type PixKeyView, toPixKeyView } from '../pix-key-view';
import type { AccountRepository } from '../ports/account-repository';
import type { BankRepository } from '../ports/bank-repository';
import type { PixKeyRepository } from '../ports/pix-key-repository';

/*
 * Test fakes of the persistence ports, faithful to the TypeORM adapters and the schema's constraints.
 * Like a database they store copies and hand out fresh entities, so a use case that changes an entity
 * but forgets to save it is caught. Broken foreign keys throw plain Errors: they are bugs, not outcomes.
 */

export class InMemoryBankRepository implements BankRepository {
  private readonly rows = new Map<string, BankProps>();

  async add(bank: Bank): Promise<void> {
    if (this.rows.has(bank.ispb.value)) {
      throw new AlreadyExistsError('BANK.ALREADY_EXISTS', `bank ${bank.ispb.value} is already registered`);
    }
    this.rows.set(bank.ispb.value, bank.snapshot);
  }

  async update(bank: Bank): Promise<void> {
    this.rows.set(bank.ispb.value, bank.snapshot);
  }

  async findByIspb(ispb: string): Promise<Bank | null> {
    return this.get(ispb) ?? null;
  }

  async list(): Promise<Bank[]> {
    return [...this.rows.keys()].sort().map((ispb) => this.get(ispb) as Bank);
  }

  /** Synchronous read for the other fakes (their joins) and for assertions. */
  get(ispb: string): Bank | undefined {
    const row = this.rows.get(ispb);
    return row && Bank.restore(row);
  }
}

export class InMemoryAccountRepository implements AccountRepository {
  private readonly rows = new Map<string, AccountProps>();

  constructor(private readonly banks: InMemoryBankRepository) {}

  /** Insert-if-absent on the identity ISPB + branch + number, then read, as the adapter does. */
  async findOrAdd(account: Account): Promise<Account> {
    const stored = this.all().find((a) => a.sameAccountAs(account));
    if (stored) return stored;
    const ispb = account.props.ispb.value;
    if (!this.banks.get(ispb)) throw new Error(`foreign key: bank ${ispb} is not stored`);
    if (this.rows.has(account.id)) throw new Error(`primary key: account ${account.id} exists`);
    this.rows.set(account.id, { ...account.props });
    return Account.restore(account.props);
  }

  get(id: string): Account | undefined {
    const row = this.rows.get(id);
    return row && Account.restore(row);
  }

  all(): Account[] {
    return [...this.rows.values()].map((row) => Account.restore(row));
  }
}

/** A `pix_keys` row: the key points to its account by id, like the table. */
export interface PixKeyRow {
  id: string;
  kind: KeyKind;
  key: string;
  accountId: string;
  status: PixKeyStatus;
  createdAt: Date;
  deletedAt?: Date;
}

export class InMemoryPixKeyRepository implements PixKeyRepository {
  private readonly rows: PixKeyRow[] = [];

  constructor(
    private readonly banks: InMemoryBankRepository,
    private readonly accounts: InMemoryAccountRepository,
  ) {}

  /** The limit is checked before uniqueness, as in the adapter's transaction. */
  async addWithinLimit(key: PixKey, limit: number): Promise<void> {
    if (!this.accounts.get(key.account.id)) throw new Error(`foreign key: account ${key.account.id}`);
    if (this.rows.some((r) => r.id === key.id)) throw new Error(`primary key: pix key ${key.id} exists`);
    const active = this.active().filter((r) => r.accountId === key.account.id).length;
    if (active >= limit) {
      throw new PreconditionError('PIX_KEY.LIMIT_REACHED', `the account already has ${limit} active keys`);
    }
    if (this.active().some((r) => r.key === key.key)) {
      throw new AlreadyExistsError('PIX_KEY.ALREADY_EXISTS', `key ${key.key} is already registered`);
    }
    this.rows.push({
      id: key.id,
      kind: key.kind,
      key: key.key,
      accountId: key.account.id,
      status: key.status,
      createdAt: key.createdAt,
      deletedAt: key.deletedAt,
    });
  }

  async findActive(key: string): Promise<PixKey | null> {
    const row = this.active().find((r) => r.key === key);
    return row ? this.toDomain(row) : null;
  }

  /** Conditional on the row still being active: a concurrent delete that lost gets false. */
  async markDeleted(key: PixKey): Promise<boolean> {
    const row = this.active().find((r) => r.id === key.id);
    if (!row) return false;
    row.status = 'deleted';
    row.deletedAt = key.deletedAt;
    return true;
  }

  async findView(key: string): Promise<PixKeyView | null> {
    const row = this.active().find((r) => r.key === key);
    return row ? this.toView(row) : null;
  }

  /** Ordered by creation time, then key, like the adapter's ORDER BY. */
  async listViewsByAccount(ispb: string, branch: string, number: string): Promise<PixKeyView[]> {
    return this.active()
      .map((row) => this.toView(row))
      .filter((v) => v.ispb === ispb && v.branch === branch && v.accountNumber === number)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.key < b.key ? -1 : 1));
  }

  /** Every row ever stored, deleted ones included (copies), for assertions. */
  all(): PixKeyRow[] {
    return this.rows.map((row) => ({ ...row }));
  }

  private active(): PixKeyRow[] {
    return this.rows.filter((r) => r.status === 'active');
  }

  private toDomain(row: PixKeyRow): PixKey {
    const account = this.accounts.get(row.accountId);
    if (!account) throw new Error(`foreign key: account ${row.accountId}`);
    return PixKey.restore({
      id: row.id,
      kind: row.kind,
      key: row.key,
      account,
      status: row.status,
      createdAt: new Date(row.createdAt),
      deletedAt: row.deletedAt && new Date(row.deletedAt),
    });
  }

  private toView(row: PixKeyRow): PixKeyView {
    const key = this.toDomain(row);
    const bank = this.banks.get(key.account.props.ispb.value);
    if (!bank) throw new Error(`foreign key: bank ${key.account.props.ispb.value}`);
    return toPixKeyView(key, bank.name);
  }
}
