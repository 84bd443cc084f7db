import fc from 'fast-check';
import { InvariantViolation } from './assert';
import { ValidationError } from './errors';
import { Money } from './money';
import { refusal } from './testing/refusal';

const cents = fc.bigInt({ min: 0n, max: 2n ** 70n });
const money = cents.map((c) => Money.fromCents(c));

describe('Money.fromCents', () => {
  it('reads bigint, decimal string and safe integer alike', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }), (c) => {
        const a = Money.fromCents(c);
        expect(a.cents).toBe(c);
        expect(Money.fromCents(c.toString()).equals(a)).toBe(true);
        expect(Money.fromCents(Number(c)).equals(a)).toBe(true);
      }),
    );
  });

  it('keeps precision beyond 2^53 (strings and bigints)', () => {
    const big = '123456789012345678901234567';
    expect(Money.fromCents(big).cents).toBe(123456789012345678901234567n);
  });

  it('refuses negative amounts naming the field', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 70n), max: -1n }), (c) => {
        expect(refusal(() => Money.fromCents(c, 'amount_cents')).field).toBe('amount_cents');
        expect(refusal(() => Money.fromCents(c.toString())).field).toBe('amount');
      }),
    );
  });

  it.each([
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 60,
    '12.34',
    '1e3',
    ' 12',
    '',
    null,
    undefined,
    {},
  ])('refuses %p', (value) => {
    const error = refusal(() => Money.fromCents(value, 'amount'));
    expect(error).toMatchObject({ field: 'amount', kind: 'invalid', code: 'VALIDATION.INVALID_FIELD' });
  });

  it('never throws anything but a ValidationError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), fc.double(), fc.bigInt()), (value) => {
        try {
          expect(Money.fromCents(value).cents >= 0n).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
    );
  });

  it('accepts zero, in any spelling', () => {
    expect(Money.fromCents(0).isZero()).toBe(true);
    expect(Money.fromCents('-0').isZero()).toBe(true);
    expect(Money.fromCents(0n).equals(Money.ZERO)).toBe(true);
  });
});

describe('Money arithmetic laws', () => {
  it('add is commutative and associative, with zero as identity', () => {
    fc.assert(
      fc.property(money, money, money, (a, b, c) => {
        expect(a.add(b).equals(b.add(a))).toBe(true);
        expect(
          a
            .add(b)
            .add(c)
            .equals(a.add(b.add(c))),
        ).toBe(true);
        expect(a.add(Money.ZERO).equals(a)).toBe(true);
        expect(a.add(b).cents).toBe(a.cents + b.cents);
      }),
    );
  });

  it('subtract undoes add', () => {
    fc.assert(
      fc.property(money, money, (a, b) => {
        expect(a.add(b).subtract(b).equals(a)).toBe(true);
        expect(a.add(b).subtract(a).equals(b)).toBe(true);
        expect(a.subtract(a).isZero()).toBe(true);
      }),
    );
  });

  it('subtract never goes below zero', () => {
    fc.assert(
      fc.property(money, money, (a, b) => {
        if (b.cents > a.cents) {
          expect(() => a.subtract(b)).toThrow(InvariantViolation);
        } else {
          const rest = a.subtract(b);
          expect(rest.cents).toBe(a.cents - b.cents);
          expect(rest.add(b).equals(a)).toBe(true);
        }
      }),
    );
  });

  it('leaves its operands unchanged', () => {
    const a = Money.fromCents(500n);
    const b = Money.fromCents(200n);
    a.add(b);
    a.subtract(b);
    expect([a.cents, b.cents]).toEqual([500n, 200n]);
  });

  it('compare is a total order consistent with bigint and equals', () => {
    fc.assert(
      fc.property(money, money, (a, b) => {
        const expected = a.cents < b.cents ? -1 : a.cents > b.cents ? 1 : 0;
        expect(a.compare(b)).toBe(expected);
        expect(b.compare(a)).toBe(expected === 0 ? 0 : -expected);
        expect(a.equals(b)).toBe(expected === 0);
        expect(a.add(b).compare(a)).toBe(b.isZero() ? 0 : 1);
      }),
    );
  });
});

describe('Money.toString', () => {
  it.each([
    [0n, '0.00'],
    [5n, '0.05'],
    [99n, '0.99'],
    [100n, '1.00'],
    [1234n, '12.34'],
    [100000000000n, '1000000000.00'],
  ])('%p cents reads %s', (c, text) => {
    expect(Money.fromCents(c).toString()).toBe(text);
  });

  it('round-trips through reais and centavos', () => {
    fc.assert(
      fc.property(money, (m) => {
        const text = m.toString();
        expect(text).toMatch(/^\d+\.\d{2}$/);
        expect(text.startsWith('0') && !text.startsWith('0.')).toBe(false);
        expect(Money.fromCents(text.replace('.', '')).equals(m)).toBe(true);
      }),
    );
  });
});
