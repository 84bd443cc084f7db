import { AMOUNT_CENTS_MAX, EndToEndId, InvariantViolation, Ispb } from '../../src/domain';
import { expectRefusal } from '../../src/domain/testing/refusal';
import { vectors } from '../../test/support/vectors';
import { newEndToEndId, PixOrder, parseAmount, parseIdempotencyKey } from './pix-order';

describe('parseAmount', () => {
  it('takes a string of cents or an integer', () => {
    expect(parseAmount('1500').cents).toBe(1500n);
    expect(parseAmount(1500).cents).toBe(1500n);
    expect(parseAmount(AMOUNT_CENTS_MAX.toString()).cents).toBe(AMOUNT_CENTS_MAX);
  });

  it.each([
    undefined,
    null,
    '',
    '0',
    0,
    '-5',
    '15.00',
    15.5,
    '1e3',
    'abc',
    {},
    (AMOUNT_CENTS_MAX + 1n).toString(),
  ])('refuses %p naming the field', (value) => expectRefusal(() => parseAmount(value), 'amount'));
});

describe('PixOrder', () => {
  const order = (over: Record<string, unknown> = {}) =>
    PixOrder.create({ fromAccount: '1001', key: vectors.email.valid[0], amount: '100', ...over });

  it('normalises the key as the hub stores it', () => {
    const [input, stored] = Object.entries(vectors.email.normalised)[0];
    expect(order({ key: input }).key).toBe(stored);
    for (const key of [...vectors.cpf.valid, ...vectors.cnpj.valid, ...vectors.phone.valid]) {
      expect(order({ key }).key).toBe(key);
    }
  });

  it('has the same fingerprint for the same request however the amount was written', () => {
    expect(order({ amount: 100 }).fingerprint()).toBe(order().fingerprint());
    expect(order({ description: 'x' }).fingerprint()).not.toBe(order().fingerprint());
    expect(order({ amount: '101' }).fingerprint()).not.toBe(order().fingerprint());
  });

  it.each([
    [{ fromAccount: 'abc' }, 'fromAccount'],
    [{ fromAccount: undefined }, 'fromAccount'],
    [{ key: undefined }, 'key'],
    [{ key: vectors.cpf.invalid[2] }, 'key'],
    [{ key: vectors.email.invalid[1] }, 'key'],
    [{ amount: '0' }, 'amount'],
    [{ description: 5 }, 'description'],
    [{ description: 'd'.repeat(141) }, 'description'],
  ])('refuses %j naming %s', (over, field) => expectRefusal(() => order(over), field));
});

describe('parseIdempotencyKey', () => {
  it('takes 1 to 128 printable characters', () => {
    expect(parseIdempotencyKey('order-42')).toBe('order-42');
    for (const bad of [undefined, '', 'a b', 'k'.repeat(129), ['a', 'b']]) {
      expectRefusal(() => parseIdempotencyKey(bad), 'Idempotency-Key');
    }
  });
});

describe('newEndToEndId', () => {
  it('is E + ISPB + yyyyMMddHHmm (UTC) + the random part, 32 characters, a valid id', () => {
    const id = newEndToEndId(Ispb.create('11111111'), new Date('2026-11-21T14:30:59Z'), 'Ab3dEf6hIj9');
    expect(id.value).toBe('E11111111202611211430Ab3dEf6hIj9');
    expect(id.value).toHaveLength(32);
    expect(EndToEndId.create(id.value).value).toBe(id.value);
    expect(EndToEndId.create(vectors.end_to_end_id.valid[0]).value).toHaveLength(32);
  });

  it('refuses a random part that is not 11 alphanumerics', () => {
    expect(() => newEndToEndId(Ispb.create('11111111'), new Date(), 'short')).toThrow(InvariantViolation);
  });
});
