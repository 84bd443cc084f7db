import { Money } from '../../src/domain';
import { vectors } from '../../test/support/vectors';
import { ApplyBankMessages } from './apply-bank-messages';
import { bankFixture, hubMessage, otherBankId } from './testing/bank-fixture';

/** A bank that charges its business customers 0.50 for each Pix received. */
async function withFee() {
  const f = bankFixture();
  const apply = new ApplyBankMessages('11111111', f.uow, f.clock, f.admission, Money.fromCents(50n));
  const business = await f.openAccount.execute({ ownerName: 'Padaria', ownerTaxId: vectors.cnpj.valid[0] });
  const person = await f.openAccount.execute({ ownerName: 'Joao', ownerTaxId: vectors.cpf.valid[0] });
  /** Applies a Pix of `cents` to `number`, pending then confirmed, as the hub sends them. */
  const receive = async (n: number, number: string, cents: bigint) => {
    const creditorAccount = { branch: '0001', number };
    const base = { endToEndId: otherBankId(n), creditorAccount, amount: Money.fromCents(cents) };
    await apply.execute([hubMessage({ ...base, status: 'pending' })]);
    await apply.execute([hubMessage({ ...base, status: 'confirmed' })]);
  };
  const statement = async (number: string) =>
    (await f.queries.statement(number)).map((e) => [e.kind, e.amount.cents]);
  return { ...f, business, person, receive, statement };
}

describe('the fee a bank charges business customers per Pix received', () => {
  it('charges a business account once per Pix, on its statement, and never a person', async () => {
    const f = await withFee();
    await f.receive(1, f.business.number, 1_000n);
    await f.receive(2, f.person.number, 1_000n);
    expect(await f.statement(f.business.number)).toEqual([
      ['credit', 1_000n],
      ['fee', 50n],
    ]);
    expect(await f.statement(f.person.number)).toEqual([['credit', 1_000n]]);
    expect((await f.account(f.business.number)).props.balance.cents).toBe(950n);
  });

  it('takes at most what the Pix brought, and nothing again when the confirmation repeats', async () => {
    const f = await withFee();
    await f.receive(1, f.business.number, 30n);
    await f.receive(1, f.business.number, 30n);
    expect(await f.statement(f.business.number)).toEqual([
      ['credit', 30n],
      ['fee', 30n],
    ]);
  });
});
