import { BANK_LIST_ITEMS_MAX, parseAccountNumber, ValidationError } from '../../src/domain';
import {
  AccountNotFoundError,
  AuthRequiredError,
  type BankClaim,
  type BankTransfer,
  type Charge,
  ChargeNotFoundError,
  type CustomerAccount,
  type StatementEntry,
  type TransferDirection,
  TransferNotFoundError,
  type TransferStatus,
} from '../domain';
import type { LoggedIn } from './log-in';
import type { BankTransactionRunner, LedgerSummary } from './ports';

const STATUSES: readonly TransferStatus[] = ['pending', 'confirmed', 'completed', 'rejected'];
const DIRECTIONS: readonly TransferDirection[] = ['outgoing', 'incoming'];
export const DEFAULT_LIST_LIMIT = 100;

/** The read side: no state changes, so the queries share one file instead of one each. */
export class BankQueries {
  constructor(private readonly uow: BankTransactionRunner) {}

  async account(number: string): Promise<CustomerAccount> {
    const account = await this.uow.read((store) => store.accounts.find(number));
    if (!account) throw new AccountNotFoundError(number);
    return account;
  }

  /** Every account, or those `owner` (a tax id) owns. */
  async accounts(owner?: string): Promise<CustomerAccount[]> {
    return this.uow.read((store) => (owner ? store.accounts.listOwnedBy(owner) : store.accounts.list()));
  }

  /** A logged-in customer and their accounts (GET /me). */
  async customer(taxId: string): Promise<{ customer: LoggedIn; accounts: CustomerAccount[] }> {
    const customer = await this.uow.read((store) => store.customers.find(taxId));
    // A session outlives nothing it names: a customer no longer here must log in again.
    if (!customer) throw new AuthRequiredError();
    return { customer: { taxId, name: customer.name }, accounts: await this.accounts(taxId) };
  }

  async statement(number: string): Promise<StatementEntry[]> {
    await this.account(number);
    return this.uow.read((store) => store.accounts.statement(number));
  }

  /** A transfer between two accounts of this bank has two records: the outgoing one unless asked otherwise. */
  async transfer(endToEndId: string, direction?: unknown): Promise<BankTransfer> {
    if (direction !== undefined && !DIRECTIONS.includes(direction as TransferDirection)) {
      throw new ValidationError('direction', `must be one of ${DIRECTIONS.join(', ')}`);
    }
    const records = await this.uow.read((store) => store.transfers.find(endToEndId));
    const found =
      records.find((r) => r.direction === (direction ?? 'outgoing')) ?? (direction ? undefined : records[0]);
    if (!found) throw new TransferNotFoundError(endToEndId);
    return found;
  }

  /** Newest first: of one account if asked, else of every account, or of every account `owner` owns. */
  async transfers(
    filter: { account?: unknown; status?: unknown; limit?: unknown },
    owner?: string,
  ): Promise<BankTransfer[]> {
    const account = filter.account === undefined ? undefined : parseAccountNumber(filter.account, 'account');
    if (filter.status !== undefined && !STATUSES.includes(filter.status as TransferStatus)) {
      throw new ValidationError('status', `must be one of ${STATUSES.join(', ')}`);
    }
    const limit = filter.limit === undefined ? DEFAULT_LIST_LIMIT : Number(filter.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > BANK_LIST_ITEMS_MAX) {
      throw new ValidationError('limit', `must be a whole number from 1 to ${BANK_LIST_ITEMS_MAX}`);
    }
    const status = filter.status as TransferStatus | undefined;
    return this.uow.read(async (store) => {
      const owned = owner && !account && (await store.accounts.listOwnedBy(owner)).map((a) => a.number);
      const accounts = account ? [account] : owned || undefined;
      return store.transfers.list({ accounts, status, limit });
    });
  }

  /** The claims an account is party to, as this bank last heard of them, newest first. */
  async claims(number: string): Promise<BankClaim[]> {
    await this.account(number);
    return this.uow.read((store) => store.claims.listByAccount(number, BANK_LIST_ITEMS_MAX));
  }

  /** A dynamic BR Code's charge: active, or paid by the transfer it names. */
  async charge(txid: string): Promise<Charge> {
    const charge = await this.uow.read((store) => store.charges.find(txid));
    if (!charge) throw new ChargeNotFoundError(txid);
    return charge;
  }

  async summary(): Promise<LedgerSummary> {
    return this.uow.read((store) => store.summary());
  }
}
