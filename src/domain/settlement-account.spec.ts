import fc from 'fast-check';
import { InvariantViolation } from './assert';
import { DomainError, PreconditionError } from './errors';
import { Ispb } from './ispb';
import { INT64_MAX, SETTLEMENT_CENTS_MAX } from './limits';
import { Money } from './money';
import {
  InsufficientSettlementFundsError,
  SettlementAccount,
  SettlementLimitExceededError,
} from './settlement-account';
import { refusal, thrown } from './testing/refusal';

const ispb = Ispb.create('11111111');
const at = new Date('2026-11-21T14:30:00Z');
const E2E = 'E1111111120261121143012345abcdeF';
const cents = (c: bigint) => Money.fromCents(c);

function funded(balance: bigint, netDebitCap = 0n): SettlementAccount {
  const account = SettlementAccount.open(ispb, cents(netDebitCap));
  account.fund(cents(balance), at);
  return account;
}

describe('SettlementAccount.open', () => {
  it('starts empty with no net debit cap by default', () => {
    const account = SettlementAccount.open(ispb);
    expect(account.snapshot).toEqual({ ispb, balance: 0n, reserved: Money.ZERO, netDebitCap: Money.ZERO });
    expect(account.available).toBe(0n);
    expect(account.ispb).toBe(ispb);
  });

  it('counts a net debit cap as available', () => {
    expect(SettlementAccount.open(ispb, cents(500n)).available).toBe(500n);
  });
});

describe('each change returns its ledger entry with the state after it', () => {
  it('fund adds to the balance and names no transfer', () => {
    const account = SettlementAccount.open(ispb);
    expect(account.fund(cents(1000n), at)).toEqual({
      ispb,
      kind: 'fund',
      amount: cents(1000n),
      endToEndId: undefined,
      balanceAfter: 1000n,
      reservedAfter: Money.ZERO,
      at,
    });
  });

  it('reserve holds the amount without moving the balance', () => {
    const account = funded(1000n);
    const entry = account.reserve(E2E, cents(300n), at);
    expect(entry).toMatchObject({ kind: 'reserve', endToEndId: E2E, balanceAfter: 1000n });
    expect(entry.reservedAfter.cents).toBe(300n);
    expect(account.available).toBe(700n);
  });

  it('release gives the reservation back', () => {
    const account = funded(1000n);
    account.reserve(E2E, cents(300n), at);
    const entry = account.release(E2E, cents(300n), at);
    expect(entry).toMatchObject({ kind: 'release', endToEndId: E2E, balanceAfter: 1000n });
    expect(entry.reservedAfter.cents).toBe(0n);
    expect(account.available).toBe(1000n);
  });

  it('debit pays the reservation out of the balance', () => {
    const account = funded(1000n);
    account.reserve(E2E, cents(300n), at);
    const entry = account.debit(E2E, cents(300n), at);
    expect(entry).toMatchObject({ kind: 'debit', endToEndId: E2E, balanceAfter: 700n });
    expect(entry.reservedAfter.cents).toBe(0n);
    expect(account.available).toBe(700n);
  });

  it('credit adds to the balance', () => {
    const entry = SettlementAccount.open(ispb).credit(E2E, cents(250n), at);
    expect(entry).toMatchObject({ kind: 'credit', endToEndId: E2E, balanceAfter: 250n });
  });
});

describe('reserve refuses what is not available', () => {
  it('throws InsufficientSettlementFundsError (a precondition) and changes nothing', () => {
    const account = funded(1000n);
    account.reserve(E2E, cents(600n), at);
    const before = { ...account.snapshot };
    const error = thrown(() => account.reserve(E2E, cents(401n), at));
    expect(error).toBeInstanceOf(InsufficientSettlementFundsError);
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'SETTLEMENT.INSUFFICIENT_FUNDS', kind: 'precondition' });
    expect(account.snapshot).toEqual(before);
  });

  it('reserves exactly what is available', () => {
    const account = funded(1000n, 200n);
    account.reserve(E2E, cents(1200n), at);
    expect(account.available).toBe(0n);
  });

  it('lets the balance go below zero only down to the net debit cap', () => {
    const account = funded(100n, 200n);
    account.reserve(E2E, cents(300n), at);
    expect(account.debit(E2E, cents(300n), at).balanceAfter).toBe(-200n);
    expect(() => account.reserve(E2E, cents(1n), at)).toThrow(InsufficientSettlementFundsError);
  });
});

describe('every figure stays far inside int64 (proto int64, Postgres bigint)', () => {
  it('funds up to SETTLEMENT_CENTS_MAX and refuses a cent more as a precondition, changing nothing', () => {
    const account = funded(SETTLEMENT_CENTS_MAX - 1n);
    account.fund(cents(1n), at);
    const before = { ...account.snapshot };
    const error = thrown(() => account.fund(cents(1n), at));
    expect(error).toBeInstanceOf(SettlementLimitExceededError);
    expect(error).toMatchObject({ code: 'SETTLEMENT.LIMIT_EXCEEDED', kind: 'precondition' });
    expect(account.snapshot).toEqual(before);
    expect(() => SettlementAccount.open(ispb).fund(cents(2n ** 63n - 1n), at)).toThrow(
      SettlementLimitExceededError,
    );
  });

  it('takes a net debit cap up to SETTLEMENT_CENTS_MAX and refuses a larger one naming net_debit_cap', () => {
    const account = funded(SETTLEMENT_CENTS_MAX);
    account.setNetDebitCap(cents(SETTLEMENT_CENTS_MAX));
    expect(account.available).toBe(2n * SETTLEMENT_CENTS_MAX);
    expect(account.available < 2n ** 63n - 1n).toBe(true);
    expect(refusal(() => account.setNetDebitCap(cents(SETTLEMENT_CENTS_MAX + 1n))).field).toBe(
      'net_debit_cap',
    );
    expect(account.snapshot.netDebitCap).toEqual(cents(SETTLEMENT_CENTS_MAX));
  });
});

describe('the invariants are asserted: breaking one is a bug, never a refusal', () => {
  const violation = (fn: () => unknown) => {
    const error = thrown(fn);
    expect(error).toBeInstanceOf(InvariantViolation);
    expect(error).not.toBeInstanceOf(DomainError);
    return error;
  };

  it.each(['release', 'debit'] as const)('%s of more than is reserved throws and changes nothing', (kind) => {
    const account = funded(1000n);
    account.reserve(E2E, cents(100n), at);
    const before = { ...account.snapshot };
    expect(violation(() => account[kind](E2E, cents(101n), at))).toMatchObject({
      message: expect.stringContaining('not 1.01'),
    });
    expect(account.snapshot).toEqual(before);
  });

  it.each(['fund', 'reserve', 'release', 'debit', 'credit'] as const)('%s of zero throws', (kind) => {
    const account = funded(1000n);
    account.reserve(E2E, cents(100n), at);
    violation(() => (kind === 'fund' ? account.fund(Money.ZERO, at) : account[kind](E2E, Money.ZERO, at)));
  });

  it('a credit that would take the balance past int64 throws', () => {
    const account = SettlementAccount.restore({
      ispb,
      balance: INT64_MAX - 1n,
      reserved: Money.ZERO,
      netDebitCap: Money.ZERO,
    });
    account.credit(E2E, cents(1n), at);
    violation(() => account.credit(E2E, cents(1n), at));
  });

  it.each([
    ['balance - reserved below -cap', { balance: 100n, reserved: cents(301n), netDebitCap: cents(200n) }],
    ['a balance below zero without a cap', { balance: -1n, reserved: Money.ZERO, netDebitCap: Money.ZERO }],
    [
      'a cap over SETTLEMENT_CENTS_MAX',
      { balance: 0n, reserved: Money.ZERO, netDebitCap: cents(SETTLEMENT_CENTS_MAX + 1n) },
    ],
    ['a balance past int64', { balance: INT64_MAX + 1n, reserved: Money.ZERO, netDebitCap: Money.ZERO }],
  ])('restoring a row with %s throws', (_, row) => {
    violation(() => SettlementAccount.restore({ ispb, ...row }));
  });

  it('restores a row at the edge of every invariant', () => {
    const row = { ispb, balance: -200n, reserved: cents(0n), netDebitCap: cents(200n) };
    expect(SettlementAccount.restore(row).available).toBe(0n);
    expect(SettlementAccount.restore({ ...row, balance: 100n, reserved: cents(300n) }).available).toBe(0n);
  });

  it('opening with a cap over SETTLEMENT_CENTS_MAX throws', () => {
    violation(() => SettlementAccount.open(ispb, cents(SETTLEMENT_CENTS_MAX + 1n)));
  });
});

type Command =
  | { kind: 'reserve' | 'credit' | 'fund'; amount: bigint }
  | { kind: 'release' | 'debit'; pick: number };

const amount = fc.bigInt({ min: 1n, max: 3_000n });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('reserve' as const), amount }),
  fc.record({ kind: fc.constantFrom('release' as const, 'debit' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constantFrom('credit' as const, 'fund' as const), amount }),
);

describe('any sequence of reserve, release, debit, credit and fund', () => {
  it('keeps balance - reserved >= -netDebitCap, and reserve throws exactly when it would break it', () => {
    fc.assert(
      fc.property(amount, amount, fc.array(command, { maxLength: 40 }), (start, cap, commands) => {
        const account = funded(start, cap);
        // The model: the balance and the reservations still held, each released or debited at most once.
        let balance = start;
        const held: bigint[] = [];
        for (const c of commands) {
          if (c.kind === 'reserve') {
            const wouldBreak = balance - sum(held) - c.amount < -cap;
            const error = wouldBreak ? thrown(() => account.reserve(E2E, cents(c.amount), at)) : undefined;
            if (wouldBreak) expect(error).toBeInstanceOf(InsufficientSettlementFundsError);
            else held.push(account.reserve(E2E, cents(c.amount), at).amount.cents);
          } else if ('pick' in c) {
            if (held.length === 0) continue;
            const [taken] = held.splice(c.pick % held.length, 1);
            const entry = account[c.kind](E2E, cents(taken), at);
            if (c.kind === 'debit') balance -= taken;
            expect(entry.balanceAfter).toBe(balance);
          } else {
            balance += c.amount;
            const entry =
              c.kind === 'fund'
                ? account.fund(cents(c.amount), at)
                : account.credit(E2E, cents(c.amount), at);
            expect(entry.balanceAfter).toBe(balance);
          }
          const { balance: actual, reserved } = account.snapshot;
          expect(actual).toBe(balance);
          expect(reserved.cents).toBe(sum(held));
          expect(actual - reserved.cents).toBeGreaterThanOrEqual(-cap);
          expect(account.available).toBe(actual - reserved.cents + cap);
        }
      }),
    );
  });
});

function sum(values: bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

describe('the changes an account keeps for its unit of work', () => {
  it('keeps every ledger entry it made, in order, until taken', () => {
    const account = SettlementAccount.open(ispb);
    const entries = [account.fund(cents(1000n), at), account.reserve(E2E, cents(300n), at)];
    entries.push(account.debit(E2E, cents(300n), at));
    expect(account.takeChanges()).toEqual({ entries, changed: true });
    expect(account.takeChanges()).toEqual({ entries: [], changed: false });
  });

  it('counts a new cap as a change without an entry, and a refused change as none', () => {
    const account = SettlementAccount.open(ispb);
    account.setNetDebitCap(cents(500n));
    expect(account.takeChanges()).toEqual({ entries: [], changed: true });
    expect(() => account.reserve(E2E, cents(501n), at)).toThrow(InsufficientSettlementFundsError);
    expect(SettlementAccount.restore(account.snapshot).takeChanges()).toEqual({
      entries: [],
      changed: false,
    });
    expect(account.takeChanges()).toEqual({ entries: [], changed: false });
  });
});
