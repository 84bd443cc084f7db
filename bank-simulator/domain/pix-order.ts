import {
  AMOUNT_CENTS_MAX,
  assert,
  charCount,
  DESCRIPTION_CHARS_MAX,
  EndToEndId,
  IDEMPOTENCY_KEY_CHARS_MAX,
  type Ispb,
  inferKeyKind,
  Money,
  normaliseKey,
  parseAccountNumber,
  requireMatch,
  ValidationError,
} from '../../src/domain';

/** An amount a customer moves: whole cents, at least 1, at most AMOUNT_CENTS_MAX; a string or an integer. */
export function parseAmount(value: unknown, field = 'amount'): Money {
  if (value === undefined || value === null || value === '') throw new ValidationError(field, 'is required');
  const amount = Money.fromCents(value, field);
  if (amount.isZero()) throw new ValidationError(field, 'must be at least 1 cent');
  if (amount.cents > AMOUNT_CENTS_MAX)
    throw new ValidationError(field, `must be at most ${AMOUNT_CENTS_MAX}`);
  return amount;
}

const IDEMPOTENCY_KEY = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_CHARS_MAX}}$`);

/** Printable ASCII without spaces, as HTTP header values are usually written. */
export function parseIdempotencyKey(value: unknown): string {
  const expected = `1 to ${IDEMPOTENCY_KEY_CHARS_MAX} printable characters`;
  return requireMatch(value, IDEMPOTENCY_KEY, 'Idempotency-Key', expected);
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
    if (charCount(description) > DESCRIPTION_CHARS_MAX) {
      throw new ValidationError('description', `must be at most ${DESCRIPTION_CHARS_MAX} characters`);
    }
    return new PixOrder(fromAccount, key, amount, description);
  }

  /** Two orders with the same fingerprint are the same request (idempotent replays compare these). */
  fingerprint(): string {
    return JSON.stringify([this.fromAccount, this.key, this.amount.cents.toString(), this.description]);
  }
}

const ALPHANUMERIC = /^[A-Za-z0-9]{11}$/;

/**
 * `E` + debtor ISPB + yyyyMMddHHmm (UTC) + 11 random alphanumerics (docs/protocol.md); a refund's id
 * starts with `D` instead.
 */
export function newEndToEndId(ispb: Ispb, at: Date, random: string, prefix: 'E' | 'D' = 'E'): EndToEndId {
  assert(
    ALPHANUMERIC.test(random),
    `the random part of an end-to-end id must be 11 alphanumerics, not ${random}`,
  );
  const stamp = at.toISOString().replace(/\D/g, '').slice(0, 12);
  return EndToEndId.create(`${prefix}${ispb.value}${stamp}${random}`);
}
