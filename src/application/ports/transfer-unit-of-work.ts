import type {
  Ispb,
  LedgerEntry,
  RejectionReason,
  SettlementAccount,
  Transfer,
  Transition,
} from '../../domain';

/** A transfer as stored: the entity and the hash of the request payload that created it. */
export interface StoredTransfer {
  transfer: Transfer;
  payloadHash: string;
}

/** What the hub tells one bank (the outbox turns it into a `BankMessage` on `codepix.bank.<ISPB>`). */
export type BankNotice =
  | { type: 'transfer'; transfer: Transfer }
  | { type: 'refused'; endToEndId: string; reason: RejectionReason; detail: string };

/** Who made a transition, for the history: the hub itself or a bank by ISPB. */
export type Actor = 'hub' | `bank:${string}`;

/** A reminder of a confirmed transfer sent to its debtor bank, which has not acknowledged it yet. */
export interface Reminder {
  /** Reminders sent so far, this one included. */
  count: number;
  /** When the next is due, if the ack still has not come. */
  nextAt: Date;
}

/** A confirmed transfer whose debtor bank has not acknowledged it, and the last reminder sent, if any. */
export interface Unacknowledged {
  transfer: Transfer;
  reminder?: Reminder;
}

/** Which unacknowledged transfers are due: a first reminder, a next one, or reconciliation. */
export interface AckDue {
  now: Date;
  /** Never reminded and confirmed before this. */
  confirmedBefore: Date;
  /** Confirmed before this, reminded or not: overdue. */
  overdueBefore: Date;
}

/**
 * One database transaction over transfers and settlement accounts. The Kafka consumer opens one per batch
 * and runs every message's use case in it; nothing is visible to others until it commits, and the
 * messages it sends go out through the outbox only after the commit.
 *
 * Reads lock what they return until the end of the unit of work. Writes are buffered and flushed in bulk
 * at commit, so use cases call them as often as they like.
 */
export interface TransferUnitOfWork {
  findTransfer(endToEndId: string): Promise<StoredTransfer | undefined>;
  /** The bank's settlement account, or undefined when it has never been funded. */
  settlementAccount(ispb: Ispb): Promise<SettlementAccount | undefined>;
  /** Pending transfers past their deadline that no other unit of work holds (SKIP LOCKED), oldest first. */
  expiredPending(now: Date, limit: number): Promise<Transfer[]>;
  /**
   * Confirmed transfers not yet raised for reconciliation that are due (AckDue) and that no other unit
   * of work holds (SKIP LOCKED), the oldest confirmation first.
   */
  unacknowledged(due: AckDue, limit: number): Promise<Unacknowledged[]>;

  /** Stores a new transfer and its creation in the history (from nothing to its first status). */
  addTransfer(transfer: Transfer, payloadHash: string, actor: Actor): void;
  /** Saves the transfer's new state and appends the transition to the history. */
  recordTransition(transfer: Transfer, transition: Transition, actor: Actor): void;
  /** Appends ledger entries; the settlement accounts they came from are saved with them. */
  recordLedger(account: SettlementAccount, entry: LedgerEntry): void;
  send(to: Ispb, notice: BankNotice): void;
  /**
   * Gives one token back to the bank's lookup bucket, as DICT does for a lookup that led to a payment;
   * committed with the unit of work, so a redelivered ack cannot give it twice.
   */
  returnLookupToken(ispb: Ispb): void;
  /** Records a reminder of the transfer sent to its debtor bank (the notice itself goes through `send`). */
  recordReminder(transfer: Transfer, reminder: Reminder): void;
  /** Stores the reconciliation the transfer was just raised for, with who raised it and why. */
  recordReconciliation(transfer: Transfer, raisedBy: Actor, detail: string): void;
}
