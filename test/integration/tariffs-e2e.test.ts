import { withHub } from '../../cmd/hub-client';
import { api } from '../support/transfer-stack';
import { AZUL, joao, maria, owner, transfersFixture, VERDE } from '../support/transfers-fixture';
import { vectors } from '../support/vectors';

/**
 * Tariffs across the whole system: a day of transfers counted per sending bank as they settle, and
 * charged from each settlement account once the day is over, by a hub whose clock says it is; and the
 * fee the banks charge their business customers per Pix received. The invariants after each test
 * count both in I2.
 */
const RECEIVED_FEE_CENTS = 25n;
const f = transfersFixture('tariffs', { BANK_RECEIVED_FEE_CENTS: String(RECEIVED_FEE_CENTS) });
const DAY_MS = 24 * 60 * 60 * 1000;

const statement = (ispb: string) =>
  withHub({ address: f.stack.hubs[0].address }, (hub) => hub.getSettlementStatement(ispb, 20));

async function sendAll(from: { number: string }, key: string, count: number, bank: string) {
  for (let i = 0; i < count; i++) {
    const sent = await f.send(from, key, 100n, bank);
    expect((await f.finalState(bank, sent.body.endToEndId)).status).toBe('completed');
  }
}

describe('tariffs end to end', () => {
  it("charges a business customer the bank's fee per Pix received, on its statement, and a person nothing", async () => {
    const shop = await f.stack.customer(VERDE, owner('Padaria Verde', vectors.cnpj.valid[0]), 0n, {
      kind: 'cnpj',
      key: vectors.cnpj.valid[0],
    });
    const sent = await f.send(f.payer, vectors.cnpj.valid[0], 1_000n);
    expect((await f.finalState(VERDE, sent.body.endToEndId, 'incoming')).status).toBe('completed');
    const { body } = await api(f.stack.bank(VERDE), 'GET', `/accounts/${shop.number}/statement`);
    expect(body.entries.map((e: { kind: string; amount: string }) => [e.kind, e.amount])).toEqual([
      ['credit', '1000'],
      ['fee', String(RECEIVED_FEE_CENTS)],
    ]);
    expect(await f.balance(VERDE, shop.number)).toBe(1_000n - RECEIVED_FEE_CENTS);
    const person = await api(f.stack.bank(VERDE), 'GET', `/accounts/${f.payee.number}/statement`);
    expect(person.body.entries.some((e: { kind: string }) => e.kind === 'fee')).toBe(false);
  }, 60_000);

  it("charges each bank its day's transfers, 1 cent per block of 10 begun, once the day is over", async () => {
    await sendAll(f.payer, joao.ownerTaxId, 12, AZUL);
    await sendAll(f.payee, maria.ownerTaxId, 3, VERDE);
    // A rejected transfer moved no money and costs nothing.
    expect(
      (await f.finalState(AZUL, (await f.send(f.payer, 'nobody@example.com', 1n)).body.endToEndId)).status,
    ).toBe('rejected');
    expect(await f.stack.invariants()).toEqual([]);
    const [azulToday] = (await statement(AZUL)).tariffs;
    // 13: the 12 and, from the test before, the Pix to the shop.
    expect(azulToday).toMatchObject({ transfers: 13, amount: 2n, chargedAt: undefined });
    const before = (await statement(AZUL)).account?.balance ?? 0n;

    // A hub that lives tomorrow: its tariff sweep finds today over and charges it, once.
    await f.stack.addHub({ CODEPIX_CLOCK_OFFSET_MS: String(DAY_MS) });
    const charged = async (ispb: string) => {
      for (let i = 0; i < 100; i++) {
        const s = await statement(ispb);
        if (s.tariffs[0]?.chargedAt) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the tariff of ${ispb} was never charged`);
    };
    const azul = await charged(AZUL);
    const verde = await charged(VERDE);
    expect(azul.tariffs[0]).toMatchObject({ day: azulToday.day, transfers: 13, amount: 2n });
    expect(verde.tariffs[0]).toMatchObject({ transfers: 3, amount: 1n });
    expect(azul.account?.balance).toBe(before - 2n);
    const tariffEntries = azul.entries.filter((e) => e.kind === 'tariff');
    expect(tariffEntries).toMatchObject([{ amount: 2n, reference: `tariff:${azulToday.day}` }]);
    // Both hubs keep sweeping: still one charge per bank and day.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await statement(AZUL)).entries.filter((e) => e.kind === 'tariff')).toHaveLength(1);
  }, 120_000);
});
