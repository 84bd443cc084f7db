import {
  type DomainError,
  Ispb,
  PreconditionError,
  SETTLEMENT_CENTS_MAX,
  ValidationError,
} from '../../domain';
import { BANK_A, BANK_B, BANK_C, rejectionOf, UNREGISTERED_ISPB } from '../testing/directory-fixture';
import { transferFixture } from '../testing/transfer-fixture';
import { FundSettlementAccount } from './fund-settlement-account';

async function setup() {
  const f = await transferFixture();
  const fundSettlementAccount = new FundSettlementAccount(f.banks, f.clock);
  const fund = (amount: unknown, idempotencyKey?: string, ispb: unknown = BANK_A.ispb) =>
    f.store.run((uow) => fundSettlementAccount.execute(uow, { ispb, amount, idempotencyKey }));
  return { ...f, fund };
}

async function expectRefusal(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => DomainError,
  expected: object,
) {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(type);
  expect(error).toMatchObject(expected);
}

describe('FundSettlementAccount', () => {
  it('opens the account of a bank never funded and returns it with the money', async () => {
    const { fund, settlements, clock } = await setup();
    const account = await fund(100_000n);
    expect(account.snapshot).toMatchObject({
      balance: 100_000n,
      reserved: { cents: 0n },
      netDebitCap: { cents: 0n },
    });
    expect(account.available).toBe(100_000n);
    expect(await settlements.entries(Ispb.create(BANK_A.ispb), 10)).toEqual([
      expect.objectContaining({
        kind: 'fund',
        balanceAfter: 100_000n,
        endToEndId: undefined,
        at: clock.now(),
      }),
    ]);
  });

  it('adds to the balance on every call without a key; accepts cents as a decimal string', async () => {
    const { fund } = await setup();
    await fund(100n);
    await fund(50n, '');
    expect((await fund('25')).snapshot.balance).toBe(175n);
  });

  it('funds once per idempotency key and bank', async () => {
    const { fund, settlements } = await setup();
    await fund(100n, 'wire-1');
    expect((await fund(100n, 'wire-1')).snapshot.balance).toBe(100n);
    expect((await fund(100n, 'wire-2')).snapshot.balance).toBe(200n);
    expect((await fund(7n, 'wire-1', BANK_B.ispb)).snapshot.balance).toBe(7n);
    expect(await settlements.entries(Ispb.create(BANK_A.ispb), 10)).toHaveLength(2);
  });

  it('takes an idempotency key of 100 characters', async () => {
    const { fund } = await setup();
    expect((await fund(1n, 'k'.repeat(100))).snapshot.balance).toBe(1n);
  });

  it.each([
    ['a zero amount', 0n, undefined, 'amount'],
    ['a negative amount', -5n, undefined, 'amount'],
    ['a fractional amount', '12.50', undefined, 'amount'],
    ['a missing amount', undefined, undefined, 'amount'],
    ['an idempotency key of 101 characters', 1n, 'k'.repeat(101), 'idempotency_key'],
    ['an idempotency key with a NUL', 1n, 'wire\u00001', 'idempotency_key'],
    ['an idempotency key with a line break', 1n, 'wire\n1', 'idempotency_key'],
    ['an amount over SETTLEMENT_CENTS_MAX', SETTLEMENT_CENTS_MAX + 1n, undefined, 'amount'],
    ['the largest int64 amount', 2n ** 63n - 1n, undefined, 'amount'],
  ])('refuses %s on field %s, funding nothing', async (_, amount, key, field) => {
    const { fund, store } = await setup();
    await expectRefusal(fund(amount, key), ValidationError, { field });
    expect(store.ledger).toEqual([]);
  });

  it.each([
    ['an inactive bank', BANK_C.ispb, PreconditionError, { code: 'BANK.INACTIVE' }],
    ['an unregistered bank', UNREGISTERED_ISPB, PreconditionError, { code: 'BANK.NOT_REGISTERED' }],
    ['a malformed ISPB', '1234', ValidationError, { field: 'ispb' }],
  ])('refuses to fund %s', async (_, ispb, type, expected) => {
    const { fund, store } = await setup();
    await expectRefusal(fund(100n, undefined, ispb), type, expected);
    expect(store.ledger).toEqual([]);
  });

  it('refuses, as a precondition, funding that would take the balance past SETTLEMENT_CENTS_MAX', async () => {
    const { fund, store } = await setup();
    await fund(SETTLEMENT_CENTS_MAX - 10n);
    await expectRefusal(fund(11n), PreconditionError, { code: 'SETTLEMENT.LIMIT_EXCEEDED' });
    expect((await fund(10n)).snapshot.balance).toBe(SETTLEMENT_CENTS_MAX);
    expect(store.ledger).toHaveLength(2);
  });

  it('checks the amount before the bank', async () => {
    const { fund } = await setup();
    await expectRefusal(fund(0n, undefined, UNREGISTERED_ISPB), ValidationError, { field: 'amount' });
  });
});
