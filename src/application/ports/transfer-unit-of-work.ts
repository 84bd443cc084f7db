import type { Actor, Ispb, Money, RejectionReason, SettlementAccount, Transfer } from '../../domain';

export type { Actor };

/** A transfer as stored: the entity and the hash of the request payload that created it. */
export interface StoredTransfer {
  transfer: Transfer;
  payloadHash: string;
}

/** What the hub tells one bank (the outbox turns it into a `BankMessage` on `codepix.bank.<ISPB>`). */
export type BankNotice =
  | { type: 'transfer'; transfer: Transfer }
  | { type: 'refused'; endToEndId: string; reason: RejectionReason; detail: string };

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

/** One bank's transfers of one past day, whose tariff has not been charged yet. */
export interface DueTariff {
  ispb: Ispb;
  /** `yyyy-MM-dd`, UTC. */
  day: string;
  transfers: number;
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
 * One database transaction over transfers and settlement accounts, the only writer of both: the Kafka
 * consumer opens one per group of batches and runs every message's use case in it, the sweeps one per
 * round, the gRPC door one per call (funding, caps). Nothing is visible to others until it commits, and
 * the messages it sends go out through the outbox only after the commit.
 *
 * Reads lock what they return until the end of the unit of work, and a second read of the same row
 * returns the same entity. The changes of every entity it handed out or was given (a transfer's history
 * rows and raise, an account's ledger entries and new state) are collected and flushed in bulk at
 * commit: a use case changes the entity, and the change is stored.
 */
export interface TransferUnitOfWork {
  findTransfer(endToEndId: string): Promise<StoredTransfer | undefined>;
  /**
   * The bank's settlement account, locked; a registered bank never funded gets an empty one opened.
   * Asking for an ISPB no bank is registered under is a bug, and throws.
   */
  settlementAccount(ispb: Ispb): Promise<SettlementAccount>;
  /**
   * Whether the bank was funded under this idempotency key already. Asked after `settlementAccount`,
   * whose lock makes a concurrent funding with the same key wait and then see it.
   */
  fundingKeyUsed(ispb: Ispb, key: string): Promise<boolean>;
  /**
   * What the refunds of this transfer not rejected (pending, confirmed, completed) add up to, as this
   * unit of work sees them: with those it added or moved. Asked with the original locked, so refunds
   * of one transfer are decided one at a time.
   */
  refundedSoFar(original: Transfer): Promise<Money>;
  /** Pending transfers past their deadline that no other unit of work holds (SKIP LOCKED), oldest first. */
  expiredPending(now: Date, limit: number): Promise<Transfer[]>;
  /**
   * Confirmed transfers not yet raised for reconciliation that are due (AckDue) and that no other unit
   * of work holds (SKIP LOCKED), the oldest confirmation first.
   */
  unacknowledged(due: AckDue, limit: number): Promise<Unacknowledged[]>;

  /**
   * The tariffs of days before `today` not charged yet that no other unit of work holds (SKIP LOCKED),
   * oldest first, with their banks' settlement accounts locked.
   */
  dueTariffs(today: string, limit: number): Promise<DueTariff[]>;

  /** Counts one transfer the bank sent, settled at `at`, towards its tariff of that day. */
  accrueTariff(ispb: Ispb, at: Date): void;
  /** Records a due tariff as charged (the ledger entry comes from the settlement account). */
  tariffCharged(due: DueTariff, amount: Money, at: Date): void;
  /** Stores a new transfer; its changes (its creation first) are collected like any other's. */
  addTransfer(transfer: Transfer, payloadHash: string): void;
  send(to: Ispb, notice: BankNotice): void;
  /**
   * Gives one token back to the bank's lookup bucket, as DICT does for a lookup that led to a payment;
   * committed with the unit of work, so a redelivered ack cannot give it twice.
   */
  returnLookupToken(ispb: Ispb): void;
  /** Records a reminder of the transfer sent to its debtor bank (the notice itself goes through `send`). */
  recordReminder(transfer: Transfer, reminder: Reminder): void;
}
