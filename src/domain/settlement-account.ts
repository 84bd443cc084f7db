import { assert } from './assert';
import { PreconditionError, ValidationError } from './errors';
import type { Ispb } from './ispb';
import { INT64_MAX, SETTLEMENT_CENTS_MAX } from './limits';
import { Money } from './money';
import { tariffKey } from './tariff';

export type LedgerEntryKind = 'fund' | 'reserve' | 'release' | 'debit' | 'credit' | 'tariff';

/** One append-only line of the settlement ledger, with the account's state after it. */
export interface LedgerEntry {
  ispb: Ispb;
  kind: LedgerEntryKind;
  amount: Money;
  /** The transfer that caused it; absent for funding. */
  endToEndId?: string;
  /**
   * A funding's idempotency key, when the operator gave one: the same key funds a bank once; a tariff's
   * is its day (`tariff:yyyy-MM-dd`), so a day is charged once.
   */
  idempotencyKey?: string;
  balanceAfter: bigint;
  reservedAfter: Money;
  at: Date;
}

export interface SettlementAccountProps {
  ispb: Ispb;
  /** Cents; below zero only down to -netDebitCap. */
  balance: bigint;
  /** Held for pending transfers: not spendable, not yet moved. */
  reserved: Money;
  /** How far below zero the balance may go (0 by default: never below zero). */
  netDebitCap: Money;
}

export class InsufficientSettlementFundsError extends PreconditionError {
  constructor(ispb: Ispb, amount: Money, available: bigint, what = 'reserve') {
    super(
      'SETTLEMENT.INSUFFICIENT_FUNDS',
      `settlement account of ${ispb.value} cannot ${what} ${amount} (available ${available} cents)`,
    );
  }
}

export class SettlementLimitExceededError extends PreconditionError {
  constructor(ispb: Ispb, amount: Money) {
    super(
      'SETTLEMENT.LIMIT_EXCEEDED',
      `settlement account of ${ispb.value} cannot take ${amount} more: its balance would pass ${Money.fromCents(SETTLEMENT_CENTS_MAX)}`,
    );
  }
}

/** What an account changed since its unit of work last took its changes: ledger entries, and whether anything. */
export interface SettlementChanges {
  entries: LedgerEntry[];
  /** True when the account must be saved: an entry was made or the cap changed. */
  changed: boolean;
}

/**
 * A bank's balance at the hub, in central-bank money. Invariants, asserted after every change and on
 * restore: reserved >= 0; 0 <= netDebitCap <= SETTLEMENT_CENTS_MAX; balance - reserved >= -netDebitCap,
 * so reserving first and settling later never overdraws; balance <= INT64_MAX. Every change returns the
 * ledger entry it makes, for an amount of at least one cent (the ledger's CHECK), and keeps it until its
 * unit of work takes the changes to store, so none can be left out of the ledger.
 */
export class SettlementAccount {
  private entries: LedgerEntry[] = [];
  private changed = false;

  private constructor(private props: SettlementAccountProps) {
    this.assertInvariants();
  }

  static open(ispb: Ispb, netDebitCap: Money = Money.ZERO): SettlementAccount {
    return new SettlementAccount({ ispb, balance: 0n, reserved: Money.ZERO, netDebitCap });
  }

  static restore(props: SettlementAccountProps): SettlementAccount {
    return new SettlementAccount({ ...props });
  }

  get snapshot(): Readonly<SettlementAccountProps> {
    return this.props;
  }

  /** The changes made since it was opened, restored or last asked; asking clears them. */
  takeChanges(): SettlementChanges {
    const taken = { entries: this.entries, changed: this.changed };
    this.entries = [];
    this.changed = false;
    return taken;
  }

  get ispb(): Ispb {
    return this.props.ispb;
  }

  /** What a new reservation may take: balance - reserved + netDebitCap. */
  get available(): bigint {
    return this.props.balance - this.props.reserved.cents + this.props.netDebitCap.cents;
  }

  /** Refused when the account already uses more credit than the new cap allows. */
  setNetDebitCap(cap: Money): void {
    if (cap.cents > SETTLEMENT_CENTS_MAX) {
      throw new ValidationError('net_debit_cap', `must be at most ${SETTLEMENT_CENTS_MAX}`);
    }
    const position = this.props.balance - this.props.reserved.cents;
    if (position < -cap.cents) {
      throw new PreconditionError(
        'SETTLEMENT.CAP_BELOW_POSITION',
        `settlement account of ${this.props.ispb.value} is at ${position} cents, below -${cap.cents}`,
      );
    }
    this.props.netDebitCap = cap;
    this.assertInvariants();
    this.changed = true;
  }

  /** Refused when the balance would pass SETTLEMENT_CENTS_MAX. */
  fund(amount: Money, at: Date, idempotencyKey?: string): LedgerEntry {
    if (this.props.balance + amount.cents > SETTLEMENT_CENTS_MAX) {
      throw new SettlementLimitExceededError(this.props.ispb, amount);
    }
    return this.change('fund', amount, at, { idempotencyKey }, () => {
      this.props.balance += amount.cents;
    });
  }

  /** Throws InsufficientSettlementFundsError when the reservation would break the invariant. */
  reserve(endToEndId: string, amount: Money, at: Date): LedgerEntry {
    if (amount.cents > this.available) {
      throw new InsufficientSettlementFundsError(this.props.ispb, amount, this.available);
    }
    return this.change('reserve', amount, at, { endToEndId }, () => {
      this.props.reserved = this.props.reserved.add(amount);
    });
  }

  /** Gives a reservation back (the transfer was rejected). Releasing more than is reserved is a bug. */
  release(endToEndId: string, amount: Money, at: Date): LedgerEntry {
    this.assertReserved(amount, endToEndId);
    return this.change('release', amount, at, { endToEndId }, () => {
      this.props.reserved = this.props.reserved.subtract(amount);
    });
  }

  /** Pays a reserved amount out (the transfer was confirmed). Paying what was never reserved is a bug. */
  debit(endToEndId: string, amount: Money, at: Date): LedgerEntry {
    this.assertReserved(amount, endToEndId);
    return this.change('debit', amount, at, { endToEndId }, () => {
      this.props.reserved = this.props.reserved.subtract(amount);
      this.props.balance -= amount.cents;
    });
  }

  /**
   * Charges a day's tariff, out of what is available (the reserved money belongs to pending transfers).
   * Throws InsufficientSettlementFundsError when it cannot pay: the tariff stays due.
   */
  chargeTariff(amount: Money, day: string, at: Date): LedgerEntry {
    if (amount.cents > this.available) {
      throw new InsufficientSettlementFundsError(this.props.ispb, amount, this.available, 'pay a tariff of');
    }
    return this.change('tariff', amount, at, { idempotencyKey: tariffKey(day) }, () => {
      this.props.balance -= amount.cents;
    });
  }

  credit(endToEndId: string, amount: Money, at: Date): LedgerEntry {
    return this.change('credit', amount, at, { endToEndId }, () => {
      this.props.balance += amount.cents;
    });
  }

  /** Applies one change of at least a cent, checks the invariants, and returns its ledger entry. */
  private change(
    kind: LedgerEntryKind,
    amount: Money,
    at: Date,
    about: { endToEndId?: string; idempotencyKey?: string },
    apply: () => void,
  ): LedgerEntry {
    assert(!amount.isZero(), `settlement account of ${this.props.ispb.value}: a ${kind} of zero`);
    apply();
    this.assertInvariants();
    const { ispb, balance, reserved } = this.props;
    const entry = {
      ispb,
      kind,
      amount,
      endToEndId: about.endToEndId,
      idempotencyKey: about.idempotencyKey,
      balanceAfter: balance,
      reservedAfter: reserved,
      at,
    };
    this.entries.push(entry);
    this.changed = true;
    return entry;
  }

  private assertReserved(amount: Money, endToEndId: string): void {
    assert(
      amount.cents <= this.props.reserved.cents,
      `settlement account of ${this.props.ispb.value} holds ${this.props.reserved} reserved, not ${amount} for ${endToEndId}`,
    );
  }

  private assertInvariants(): void {
    const { ispb, balance, reserved, netDebitCap } = this.props;
    assert(
      reserved.cents >= 0n && netDebitCap.cents >= 0n && netDebitCap.cents <= SETTLEMENT_CENTS_MAX,
      `settlement account of ${ispb.value}: reserved ${reserved.cents} or cap ${netDebitCap.cents} out of range`,
    );
    assert(
      balance - reserved.cents >= -netDebitCap.cents && balance <= INT64_MAX,
      `settlement account of ${ispb.value}: balance ${balance} - reserved ${reserved.cents} below -${netDebitCap.cents} or past int64`,
    );
  }
}
