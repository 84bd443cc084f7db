import { Ispb, Money } from '../../domain';
import { BANK_A, BANK_B } from '../testing/directory-fixture';
import { transferFixture } from '../testing/transfer-fixture';
import { ChargeTariffs } from './charge-tariffs';
import { CompleteTransfer } from './complete-transfer';
import { ConfirmTransfer } from './confirm-transfer';

const DAY_MS = 24 * 60 * 60 * 1000;
const POLICY = { centsPerBlock: 3n, transfersPerBlock: 2 };

/** Bank A sends `count` transfers that settle today (2026-11-21), and one is left pending. */
async function setup(count: number) {
  const f = await transferFixture();
  const charge = new ChargeTariffs(f.clock, POLICY);
  for (let n = 1; n <= count; n++) {
    const id = await f.pending(n);
    await f.reply(id, (uow) =>
      new ConfirmTransfer(f.clock).execute(uow, { endToEndId: id, ispb: BANK_B.ispb }),
    );
    await f.reply(id, (uow) =>
      new CompleteTransfer(f.clock).execute(uow, { endToEndId: id, ispb: BANK_A.ispb }),
    );
  }
  await f.pending(count + 1);
  const round = () => f.sweep((uow) => charge.execute(uow, 10));
  const tariffEntries = () => f.store.ledger.filter((e) => e.kind === 'tariff');
  return { ...f, round, tariffEntries };
}

describe('ChargeTariffs', () => {
  it("counts the transfers that settled, not the pending one, and charges nothing before the day's end", async () => {
    const f = await setup(3);
    expect(f.store.tariffs.get(`${BANK_A.ispb}|2026-11-21`)).toEqual({ transfers: 3 });
    expect(await f.round()).toEqual({ charged: 0, unpaid: [] });
    expect(f.tariffEntries()).toEqual([]);
  });

  it('charges a day once it is over, a block begun whole, once whatever the rounds', async () => {
    const f = await setup(3);
    await f.fund(BANK_A.ispb, 100n);
    f.clock.advance(DAY_MS);
    const before = f.position(BANK_A.ispb).balance;
    expect(await f.round()).toEqual({ charged: 1, unpaid: [] });
    expect(await f.round()).toEqual({ charged: 0, unpaid: [] });
    expect(f.tariffEntries()).toMatchObject([
      { amount: Money.fromCents(6n), idempotencyKey: 'tariff:2026-11-21' },
    ]);
    expect(f.position(BANK_A.ispb).balance).toBe(before - 6n);
    expect(f.store.tariffs.get(`${BANK_A.ispb}|2026-11-21`)?.charged?.amount.cents).toBe(6n);
  });

  it('leaves the tariff due while the settlement account cannot pay it, and charges it once it can', async () => {
    const f = await setup(1);
    f.clock.advance(DAY_MS);
    expect(await f.round()).toEqual({ charged: 0, unpaid: [BANK_A.ispb] });
    await f.fund(BANK_A.ispb, 3n);
    expect(await f.round()).toEqual({ charged: 1, unpaid: [] });
    expect(f.tariffEntries().map((e) => e.ispb)).toEqual([Ispb.create(BANK_A.ispb)]);
  });
});
