import {
  EndToEndId,
  type Ispb,
  inferKeyKind,
  Money,
  normaliseKey,
  parseAccountNumber,
  requireMatch,
  ValidationError,
} from '../../src/domain';

/** Above this an amount is surely a typo; it also keeps sums of balances far from bigint's limit. */
export const MAX_AMOUNT = Money.fromCents(1_000_000_000_000n);

/** An amount a customer moves: whole cents, at least 1, at most MAX_AMOUNT; a string or an integer. */
export function parseAmount(value: unknown, field = 'amount'): Money {
  if (value === undefined || value === null || value === '') throw new ValidationError(field, 'is required');
  const amount = Money.fromCents(value, field);
  if (amount.isZero()) throw new ValidationError(field, 'must be at least 1 cent');
  if (amount.compare(MAX_AMOUNT) > 0) throw new ValidationError(field, `must be at most ${MAX_AMOUNT.cents}`);
  return amount;
}

/** Printable ASCII without spaces, as HTTP header values are usually written. */
export function parseIdempotencyKey(value: unknown): string {
  return requireMatch(value, /^[\x21-\x7e]{1,128}$/, 'Idempotency-Key', '1 to 128 printable characters');
}

/** A customer's order to send a Pix, validated. The key is normalised the way the hub stores keys. */
export class PixOrder {
  private constructor(
    readonly fromAccount: string,
    readonly key: string,
    readonly amount: Money,
    readonly description: string,
  ) {}

  static create(input: {
    fromAccount?: unknown;
    key?: unknown;
    amount?: unknown;
    description?: unknown;
  }): PixOrder {
    const fromAccount = parseAccountNumber(input.fromAccount, 'fromAccount');
    const key = normaliseKey(inferKeyKind(input.key, 'key'), input.key, 'key');
    const amount = parseAmount(input.amount);
    const description = input.description ?? '';
    if (typeof description !== 'string') throw new ValidationError('description', 'must be a string');
    if (description.length > 140) throw new ValidationError('description', 'must be at most 140 characters');
    return new PixOrder(fromAccount, key, amount, description);
  }

  /** Two orders with the same fingerprint are the same request (idempotent replays compare these). */
  fingerprint(): string {
    return JSON.stringify([this.fromAccount, this.key, this.amount.cents.toString(), this.description]);
  }
}

const ALPHANUMERIC = /^[A-Za-z0-9]{11}$/;

/** `E` + debtor ISPB + yyyyMMddHHmm (UTC) + 11 random alphanumerics (docs/protocol.md). */
export function newEndToEndId(ispb: Ispb, at: Date, random: string): EndToEndId {
  if (!ALPHANUMERIC.test(random)) throw new RangeError('the random part must be 11 alphanumerics');
  const stamp = at.toISOString().replace(/\D/g, '').slice(0, 12);
  return EndToEndId.create(`E${ispb.value}${stamp}${random}`);
}
