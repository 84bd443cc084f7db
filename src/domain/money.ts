import { assert } from './assert';
import { ValidationError } from './errors';

/** An amount in cents of BRL. Always a bigint, never a float; never negative. */
export class Money {
  private constructor(readonly cents: bigint) {}

  static readonly ZERO = new Money(0n);

  static fromCents(value: unknown, field = 'amount'): Money {
    let cents: bigint;
    if (typeof value === 'bigint') cents = value;
    else if (typeof value === 'string' && /^-?\d+$/.test(value)) cents = BigInt(value);
    else if (typeof value === 'number' && Number.isSafeInteger(value)) cents = BigInt(value);
    else throw new ValidationError(field, 'must be a whole number of cents');
    if (cents < 0n) throw new ValidationError(field, 'must not be negative');
    return new Money(cents);
  }

  add(other: Money): Money {
    return new Money(this.cents + other.cents);
  }

  subtract(other: Money): Money {
    assert(other.cents <= this.cents, `Money cannot go below zero: ${this} - ${other}`);
    return new Money(this.cents - other.cents);
  }

  isZero(): boolean {
    return this.cents === 0n;
  }

  compare(other: Money): -1 | 0 | 1 {
    return this.cents < other.cents ? -1 : this.cents > other.cents ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.cents === other.cents;
  }

  /** `1234` cents → `"12.34"`. */
  toString(): string {
    const s = this.cents.toString().padStart(3, '0');
    return `${s.slice(0, -2)}.${s.slice(-2)}`;
  }
}
