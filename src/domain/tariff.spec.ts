import { Ispb } from './ispb';
import { Money } from './money';
import { InsufficientSettlementFundsError, SettlementAccount } from './settlement-account';
import { DEFAULT_TARIFF, tariffDay, tariffFor } from './tariff';

describe('tariffs', () => {
  it.each([
    [0, 0n],
    [1, 1n],
    [10, 1n],
    [11, 2n],
    [1_000, 100n],
  ])('charges %i transfers of a day %s cents at 1 cent per block of 10, a block begun whole', (n, cents) => {
    expect(tariffFor(n, DEFAULT_TARIFF).cents).toBe(cents);
  });

  it('counts a transfer on the UTC day of its settlement', () => {
    expect(tariffDay(new Date('2026-12-01T23:59:59.999Z'))).toBe('2026-12-01');
    expect(tariffDay(new Date('2026-12-02T00:00:00.000Z'))).toBe('2026-12-02');
  });

  it('charges a settlement account out of what is available, keyed by its day, and refuses more', () => {
    const account = SettlementAccount.open(Ispb.create('11111111'));
    const at = new Date('2026-12-02T00:00:01Z');
    account.fund(Money.fromCents(100n), at);
    account.reserve('E1111111120261202000012345abcdeF', Money.fromCents(90n), at);
    const entry = account.chargeTariff(Money.fromCents(10n), '2026-12-01', at);
    expect(entry).toMatchObject({ kind: 'tariff', idempotencyKey: 'tariff:2026-12-01', balanceAfter: 90n });
    expect(() => account.chargeTariff(Money.fromCents(1n), '2026-11-30', at)).toThrow(
      new InsufficientSettlementFundsError(account.ispb, Money.fromCents(1n), 0n, 'pay a tariff of'),
    );
  });
});
