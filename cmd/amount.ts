import { InvalidArgumentError } from 'commander';

/**
 * Money as people type and read it, in one place. Everything below the CLI speaks whole cents
 * (bigint here, strings of cents in JSON): reais exist only at the keyboard and on the screen.
 */

/** Enough for any int64 of cents (about 92 quadrillion reais) to stay out of reach. */
const WHOLE_DIGITS_MAX = 15;

/**
 * `"12.34"` → 1234n, `"12"` → 1200n, `"0.5"` → 50n, `"1,000.00"` → 100000n. Thousands commas are
 * accepted only when grouped by three, so the output of `formatReais` reads back, while `"12,34"`
 * (the Brazilian decimal comma) is refused rather than read as a thousand times more.
 * Refuses zero, negatives and fractions of a cent.
 */
export function parseReais(raw: string): bigint {
  const text = raw.trim();
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) {
    const hint = /^\d+,\d{1,2}$/.test(text) ? ' (use a dot for cents)' : '';
    throw new InvalidArgumentError(`Expected an amount in reais, like 12.34 or 12${hint}.`);
  }
  const whole = match[1].replaceAll(',', '').replace(/^0+(?=\d)/, '');
  if (whole.length > WHOLE_DIGITS_MAX) throw new InvalidArgumentError('Amount too large.');
  const cents = BigInt(whole) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (cents === 0n) throw new InvalidArgumentError('Amount must be at least 0.01.');
  return cents;
}

/** 123456n or `"123456"` (cents, as the APIs send them) → `"R$ 1,234.56"`; negatives as `"-R$ 0.01"`. */
export function formatReais(cents: bigint | string): string {
  const value = BigInt(cents);
  const digits = (value < 0n ? -value : value).toString().padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${value < 0n ? '-' : ''}R$ ${whole}.${digits.slice(-2)}`;
}
