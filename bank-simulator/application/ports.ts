import type { AccountType, ClaimKind, ClaimReason, KeyKind, Money } from '../../src/domain';
import type {
  BankClaim,
  BankTransfer,
  Charge,
  Customer,
  CustomerAccount,
  StatementEntry,
  TransferStatus,
} from '../domain';
import type { HubClaim, OutgoingMessage } from './messages';

/** A concurrent request with the same Idempotency-Key won; the unit of work must roll back. */
export class IdempotencyKeyTaken extends Error {}

export interface Clock {
  now(): Date;
}

export interface RandomSource {
  /** `length` random characters from [A-Za-z0-9]. */
  alphanumerics(length: number): string;
}

/** A before/after pair of one account changed in a unit of work. */
export interface AccountChange {
  before: CustomerAccount;
  after: CustomerAccount;
}

export interface AccountRepository {
  nextNumber(): Promise<string>;
  insert(account: CustomerAccount): Promise<void>;
  find(number: string): Promise<CustomerAccount | undefined>;
  list(): Promise<CustomerAccount[]>;
  /** The accounts of one owner, by tax id, in number order. */
  listOwnedBy(taxId: string): Promise<CustomerAccount[]>;
  /** Locks the existing ones until the unit of work ends, in number order so lockers never deadlock. */
  lock(numbers: readonly string[]): Promise<Map<string, CustomerAccount>>;
  /** Applies the differences between before and after (as increments, so the balance stays exact). */
  save(changes: readonly AccountChange[]): Promise<void>;
  appendStatement(entries: readonly StatementEntry[]): Promise<void>;
  statement(number: string): Promise<StatementEntry[]>;
}

export interface TransferFilter {
  /** Only transfers of these accounts; absent, of every account. */
  accounts?: readonly string[];
  status?: TransferStatus;
  limit: number;
}

export interface TransferRepository {
  findByIdempotencyKey(key: string): Promise<BankTransfer | undefined>;
  /**
   * Starts an outgoing transfer in one atomic conditional statement: holds its amount on its account
   * and records it, only when the account exists, is open and has that much available, and no
   * transfer has its idempotency key. Returns the account after the hold, or undefined when nothing was
   * done. Concurrent holds on one account queue on its row and each re-checks the condition against
   * what the previous one left, so they never overdraw it.
   * Throws IdempotencyKeyTaken when a concurrent request with the same key committed first.
   */
  holdAndRecord(transfer: BankTransfer): Promise<CustomerAccount | undefined>;
  insertIncoming(transfers: readonly BankTransfer[]): Promise<void>;
  /** Every record (one per direction) of these ids, locked until the unit of work ends. */
  lockByEndToEndIds(ids: readonly string[]): Promise<BankTransfer[]>;
  /** Writes status, reason and updatedAt of records that exist. */
  saveStatus(transfers: readonly BankTransfer[]): Promise<void>;
  /** The records of one id: none, one, or two for a transfer between two accounts of this bank. */
  find(endToEndId: string): Promise<BankTransfer[]>;
  /** Newest first. */
  list(filter: TransferFilter): Promise<BankTransfer[]>;
  /** How many outgoing transfers are pending: sent, and not yet given the hub's final word. */
  countPendingOutgoing(): Promise<number>;
}

/** The charges of this bank's dynamic BR Codes, by txid. */
export interface ChargeRepository {
  /** False, and nothing stored, when a charge already has this txid. */
  insert(charge: Charge): Promise<boolean>;
  find(txid: string): Promise<Charge | undefined>;
  /** The existing ones of these txids, locked until the unit of work ends, in txid order. */
  lock(txids: readonly string[]): Promise<Map<string, Charge>>;
  /** Writes status, end-to-end id and paid time. */
  save(charges: readonly Charge[]): Promise<void>;
}

/** The latest state of each claim this bank is party to, by the hub's claim id. */
export interface ClaimRepository {
  /** The existing ones of these ids, locked until the unit of work ends, in id order. */
  lock(ids: readonly string[]): Promise<Map<string, BankClaim>>;
  /** Inserts or replaces each claim whole (the caller has checked it supersedes what is stored). */
  save(claims: readonly BankClaim[]): Promise<void>;
  find(id: string): Promise<BankClaim | undefined>;
  /** The claims one account is party to, newest first. */
  listByAccount(account: string, limit: number): Promise<BankClaim[]>;
  /** Claims this bank is the donor of and has not had acknowledged yet, the longest waiting first. */
  awaitingAcknowledgement(limit: number): Promise<BankClaim[]>;
}

/** Sums over the whole bank, for test tooling that checks money is conserved. */
export interface LedgerSummary {
  totalBalance: Money;
  totalHeld: Money;
  totalDeposits: Money;
  /** Amounts of pending outgoing / incoming transfers. */
  openOutgoing: Money;
  openIncoming: Money;
}

/** The customers who have a password, by tax id. */
export interface CustomerRepository {
  find(taxId: string): Promise<Customer | undefined>;
  /** Inserts the customer, or replaces the name, password hash and update time of the one there. */
  save(customer: Customer): Promise<void>;
}

/**
 * How passwords are kept: only a slow, salted hash of each is stored. `verify` of a hash that is
 * undefined (no such customer) is false, after as long as a real check takes.
 */
export interface PasswordHasher {
  /** The lengths, in characters, a new password may have. */
  readonly lengthMin: number;
  readonly lengthMax: number;
  hash(password: string): Promise<string>;
  verify(password: string, hash: string | undefined): Promise<boolean>;
}

export interface BankStore {
  accounts: AccountRepository;
  customers: CustomerRepository;
  transfers: TransferRepository;
  charges: ChargeRepository;
  claims: ClaimRepository;
  summary(): Promise<LedgerSummary>;
}

/**
 * What the inbox says of a message: `new` (recorded now: apply it), `seen` (the same message again:
 * skip it) or `reused` (its id was taken by a message with other contents: dead-letter it).
 */
export type InboxVerdict = 'new' | 'seen' | 'reused';

export interface BankUnitOfWork extends BankStore {
  /** Records the messages seen for the first time; one verdict per message, in order. */
  claimInbox(messages: readonly { messageId: string; fingerprint: string }[]): Promise<InboxVerdict[]>;
  /** Messages sent if, and only if, the unit of work commits. */
  appendOutbox(messages: readonly OutgoingMessage[]): Promise<void>;
}

export interface BankTransactionRunner {
  /** Runs `work` in one database transaction: every change and every message, or none. */
  run<T>(work: (tx: BankUnitOfWork) => Promise<T>): Promise<T>;
  /** Reads outside a transaction. */
  read<T>(work: (store: BankStore) => Promise<T>): Promise<T>;
}

/** A key as the hub's directory returns it. */
export interface PixKeyInfo {
  key: string;
  kind: KeyKind;
  branch: string;
  accountNumber: string;
  accountType: AccountType;
  ownerName: string;
  createdAt?: Date;
}

/** The hub's key directory, called on behalf of this bank. Failures are the adapter's typed errors. */
export interface HubDirectory {
  registerKey(account: CustomerAccount, kind: KeyKind, key: string): Promise<PixKeyInfo>;
  listKeys(account: CustomerAccount): Promise<PixKeyInfo[]>;
}

/**
 * The hub's ClaimService, called on behalf of this bank: every answer is the claim as the hub has it
 * after the call. Failures are the adapter's typed errors, passed on to the customer as the hub gave them.
 */
export interface HubClaims {
  /** Claims `key` for `account`, a customer of this bank (the claimer). */
  createClaim(account: CustomerAccount, kind: ClaimKind, key: string): Promise<HubClaim>;
  /** As donor: this bank has the claim (repeating it changes nothing at the hub). */
  acknowledgeClaim(id: string): Promise<HubClaim>;
  confirmClaim(id: string, reason: ClaimReason): Promise<HubClaim>;
  cancelClaim(id: string, reason: ClaimReason): Promise<HubClaim>;
  completeClaim(id: string): Promise<HubClaim>;
  /** With its history. */
  getClaim(id: string): Promise<HubClaim>;
}
