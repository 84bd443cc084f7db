import { PreconditionError, ValidationError } from './errors';
import type { Ispb } from './ispb';
import { Money } from './money';

export type LedgerEntryKind = 'fund' | 'reserve' | 'release' | 'debit' | 'credit';

/** One append-only line of the settlement ledger, with the account's state after it. */
export interface LedgerEntry {
  ispb: Ispb;
  kind: LedgerEntryKind;
  amount: Money;
  /** The transfer that caused it; absent for funding. */
  endToEndId?: string;
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
  constructor(ispb: Ispb, amount: Money, available: bigint) {
    super(
      'SETTLEMENT.INSUFFICIENT_FUNDS',
      `settlement account of ${ispb.value} cannot reserve ${amount} (available ${available} cents)`,
    );
  }
}

/**
 * The most a settlement balance may reach by funding, and the largest net debit cap: R$ 1 quadrillion.
 * It keeps every figure (balance, reserved, available = balance - reserved + cap) far inside int64, the
 * width of the proto fields and of Postgres bigint, even when the money of many banks flows into one.
 */
export const SETTLEMENT_LIMIT = Money.fromCents(10n ** 17n);

export class SettlementLimitExceededError extends PreconditionError {
  constructor(ispb: Ispb, amount: Money) {
    super(
      'SETTLEMENT.LIMIT_EXCEEDED',
      `settlement account of ${ispb.value} cannot take ${amount} more: its balance would pass ${SETTLEMENT_LIMIT}`,
    );
  }
}

/**
 * A bank's balance at the hub, in central-bank money. Invariant: balance - reserved >= -netDebitCap, so
 * reserving first and settling later never overdraws. Every change returns the ledger entry it makes.
 */
export class SettlementAccount {
  private constructor(private props: SettlementAccountProps) {}

  static open(ispb: Ispb, netDebitCap: Money = Money.ZERO): SettlementAccount {
    return new SettlementAccount({ ispb, balance: 0n, reserved: Money.ZERO, netDebitCap });
  }

  static restore(props: SettlementAccountProps): SettlementAccount {
    return new SettlementAccount({ ...props });
  }

  get snapshot(): Readonly<SettlementAccountProps> {
    return this.props;
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
    if (cap.compare(SETTLEMENT_LIMIT) > 0) {
      throw new ValidationError('net_debit_cap', `must be at most ${SETTLEMENT_LIMIT.cents}`);
    }
    const position = this.props.balance - this.props.reserved.cents;
    if (position < -cap.cents) {
      throw new PreconditionError(
        'SETTLEMENT.CAP_BELOW_POSITION',
        `settlement account of ${this.props.ispb.value} is at ${position} cents, below -${cap.cents}`,
      );
    }
    this.props.netDebitCap = cap;
  }

  /** Refused when the balance would pass SETTLEMENT_LIMIT. */
  fund(amount: Money, at: Date): LedgerEntry {
    if (this.props.balance + amount.cents > SETTLEMENT_LIMIT.cents) {
      throw new SettlementLimitExceededError(this.props.ispb, amount);
    }
    this.props.balance += amount.cents;
    return this.entry('fund', amount, at);
  }

  /** Throws InsufficientSettlementFundsError when the reservation would break the invariant. */
  reserve(endToEndId: string, amount: Money, at: Date): LedgerEntry {
    if (amount.cents > this.available) {
      throw new InsufficientSettlementFundsError(this.props.ispb, amount, this.available);
    }
    this.props.reserved = this.props.reserved.add(amount);
    return this.entry('reserve', amount, at, endToEndId);
  }

  /** Gives a reservation back (the transfer was rejected). */
  release(endToEndId: string, amount: Money, at: Date): LedgerEntry {
    this.props.reserved = this.props.reserved.subtract(amount);
    return this.entry('release', amount, at, endToEndId);
  }

  /** Pays a reserved amount out (the transfer was confirmed). */
  debit(endToEndId: string, amount: Money, at: Date): LedgerEntry {
    this.props.reserved = this.props.reserved.subtract(amount);
    this.props.balance -= amount.cents;
    return this.entry('debit', amount, at, endToEndId);
  }

  credit(endToEndId: string, amount: Money, at: Date): LedgerEntry {
    this.props.balance += amount.cents;
    return this.entry('credit', amount, at, endToEndId);
  }

  private entry(kind: LedgerEntryKind, amount: Money, at: Date, endToEndId?: string): LedgerEntry {
    const { ispb, balance, reserved } = this.props;
    return { ispb, kind, amount, endToEndId, balanceAfter: balance, reservedAfter: reserved, at };
  }
}
