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
import { BrCodeError, parseBrCode, txidOf } from './br-code';

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

export interface PixOrderInput {
  fromAccount?: unknown;
  key?: unknown;
  /** A BR Code to pay instead of a key: its key, its amount (when it has one) and its txid. */
  brCode?: unknown;
  amount?: unknown;
  description?: unknown;
}

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * A customer's order to send a Pix, validated: to a key, or to the key of a BR Code. The key is
 * normalised the way the hub stores keys. A code with an amount fixes it (an amount given beside it
 * must be the same); a code without one takes the amount given.
 */
export class PixOrder {
  private constructor(
    readonly fromAccount: string,
    readonly key: string,
    readonly amount: Money,
    readonly description: string,
    readonly txid?: string,
  ) {}

  static create(input: PixOrderInput): PixOrder {
    const fromAccount = parseAccountNumber(input.fromAccount, 'fromAccount');
    if (given(input.brCode)) return PixOrder.paying(fromAccount, input);
    const key = normaliseKey(inferKeyKind(input.key, 'key'), input.key, 'key');
    return new PixOrder(fromAccount, key, parseAmount(input.amount), parseDescription(input.description));
  }

  private static paying(fromAccount: string, input: PixOrderInput): PixOrder {
    if (given(input.key)) throw new ValidationError('key', 'must be left out when brCode names the key');
    const code = parseBrCode(input.brCode);
    if (code.key === undefined) {
      throw new BrCodeError(
        '26.25',
        'names a PSP URL this bank cannot fetch: only codes with a key can be paid',
      );
    }
    const key = normaliseKey(inferKeyKind(code.key, 'br_code.26.01'), code.key, 'br_code.26.01');
    let amount: Money;
    if (code.amount) {
      amount = parseAmount(code.amount.cents, 'br_code.54');
      if (given(input.amount) && !parseAmount(input.amount).equals(amount)) {
        throw new ValidationError('amount', `must be the BR Code's amount, ${amount} (or left out)`);
      }
    } else {
      amount = parseAmount(input.amount);
    }
    const description = parseDescription(input.description ?? code.description);
    return new PixOrder(fromAccount, key, amount, description, txidOf(code));
  }

  /**
   * Two orders with the same fingerprint are the same request (idempotent replays compare these). The
   * txid joins it only when there is one, so orders to a key keep the fingerprints they had.
   */
  fingerprint(): string {
    const fields = [this.fromAccount, this.key, this.amount.cents.toString(), this.description];
    return JSON.stringify(this.txid === undefined ? fields : [...fields, this.txid]);
  }
}

function parseDescription(value: unknown): string {
  const description = value ?? '';
  if (typeof description !== 'string') throw new ValidationError('description', 'must be a string');
  if (charCount(description) > DESCRIPTION_CHARS_MAX) {
    throw new ValidationError('description', `must be at most ${DESCRIPTION_CHARS_MAX} characters`);
  }
  return description;
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
