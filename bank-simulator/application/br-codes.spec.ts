import { Money } from '../../src/domain';
import { buildBrCode, parseBrCode } from '../domain';
import { GenerateBrCode } from './generate-br-code';
import { bankFixture, hubMessage, otherBankId } from './testing/bank-fixture';
import { FakeHubDirectory, SequentialRandom } from './testing/in-memory-bank';

const TXID = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';

async function payee() {
  const f = bankFixture();
  const hub = new FakeHubDirectory();
  const account = await f.funded(0n, 'Joana Araújo');
  await hub.registerKey(account, 'email', 'joana@example.com');
  const generate = new GenerateBrCode(f.uow, hub, f.clock, new SequentialRandom(), 'Recife');
  return { ...f, account, generate };
}

describe('GenerateBrCode', () => {
  it("writes a static code for the account's key, named after its owner, and records nothing", async () => {
    const f = await payee();
    const { payload, code, charge } = await f.generate.execute(f.account.number, {
      key: 'joana@example.com',
    });
    expect(parseBrCode(payload)).toEqual(code);
    expect(code).toMatchObject({
      initiation: 'static',
      key: 'joana@example.com',
      merchantName: 'Joana Araujo',
    });
    expect(code).toMatchObject({ merchantCity: 'Recife', txid: '***' });
    expect(code.amount).toBeUndefined();
    expect(charge).toBeUndefined();
    expect(f.uow.state.charges.size).toBe(0);
  });

  it('writes a dynamic code with a txid of its own and records its charge, active', async () => {
    const f = await payee();
    const { payload, code, charge } = await f.generate.execute(f.account.number, {
      key: 'joana@example.com',
      amount: '2500',
      dynamic: true,
    });
    expect(code).toMatchObject({ initiation: 'dynamic', amount: Money.fromCents(2500n) });
    expect(code.txid).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(charge?.props).toMatchObject({
      txid: code.txid,
      status: 'active',
      payload,
      account: f.account.number,
    });
    expect((await f.queries.charge(code.txid)).props.amount.cents).toBe(2500n);
  });

  it.each([
    ['key', { key: 'other@example.com' }, 'PIX_KEY.NOT_FOUND'],
    ['amount', { key: 'joana@example.com', dynamic: true }, 'VALIDATION.INVALID_FIELD'],
    ['txid', { key: 'joana@example.com', txid: 'with-dash' }, 'VALIDATION.INVALID_FIELD'],
    [
      'txid',
      { key: 'joana@example.com', amount: '1', dynamic: true, txid: 'short' },
      'VALIDATION.INVALID_FIELD',
    ],
    ['dynamic', { key: 'joana@example.com', dynamic: 'yes' }, 'VALIDATION.INVALID_FIELD'],
  ])('refuses a bad %s', async (_, input, code) => {
    const f = await payee();
    await expect(f.generate.execute(f.account.number, input)).rejects.toMatchObject({ code });
  });

  it('refuses a txid that names a charge already', async () => {
    const f = await payee();
    const input = { key: 'joana@example.com', amount: '100', dynamic: true, txid: TXID };
    await f.generate.execute(f.account.number, input);
    await expect(f.generate.execute(f.account.number, input)).rejects.toMatchObject({
      code: 'CHARGE.TXID_TAKEN',
    });
  });
});

describe('SendPix paying a BR Code', () => {
  const code = (over: Partial<Parameters<typeof buildBrCode>[0]> = {}) =>
    buildBrCode({ key: 'joana@example.com', merchantName: 'Joana', merchantCity: 'Recife', ...over }).payload;

  it("pays the code's key and amount, carrying its txid", async () => {
    const f = bankFixture();
    const debtor = await f.funded(10_000n);
    const brCode = code({ amount: Money.fromCents(1234n), dynamic: true, txid: TXID });
    const { transfer } = await f.sendPix.execute({ fromAccount: debtor.number, brCode }, 'k1');
    expect(transfer.props).toMatchObject({ counterpartyKey: 'joana@example.com', txid: TXID });
    expect(transfer.props.amount.cents).toBe(1234n);
    const [request] = f.uow.takeOutbox();
    expect(request).toMatchObject({ kind: 'transfer-request', transfer: { props: { txid: TXID } } });
  });

  it('takes the amount given for a code without one, and no txid for ***', async () => {
    const f = bankFixture();
    const debtor = await f.funded(10_000n);
    const { transfer } = await f.sendPix.execute(
      { fromAccount: debtor.number, brCode: code(), amount: 77 },
      'k1',
    );
    expect(transfer.props.amount.cents).toBe(77n);
    expect(transfer.props.txid).toBeUndefined();
  });

  it.each([
    ['amount', { brCode: code({ amount: Money.fromCents(1234n) }), amount: '1235' }],
    ['amount', { brCode: code() }],
    ['key', { brCode: code(), key: 'joana@example.com', amount: '1' }],
    ['br_code.63', { brCode: code().replace('Joana', 'Joane'), amount: '1' }],
    [
      'br_code.26.25',
      {
        brCode:
          '00020101021226720014br.gov.bcb.pix2550bx.com.br/pix/8b3da2f3-9a41-40d1-a91a-bd93113bd4415204000053039865406123.455802BR5913Fulano de Tal6008BRASILIA62190515RP12345678-2019630445C8',
      },
    ],
  ])('refuses, naming %s', async (field, change) => {
    const f = bankFixture();
    const debtor = await f.funded(10_000n);
    await expect(f.sendPix.execute({ fromAccount: debtor.number, ...change }, 'k1')).rejects.toMatchObject({
      field,
    });
    expect(f.uow.takeOutbox()).toEqual([]);
  });
});

describe("ApplyBankMessages, as a dynamic code's payee bank", () => {
  async function charged() {
    const f = await payee();
    const { code } = await f.generate.execute(f.account.number, {
      key: 'joana@example.com',
      amount: '100',
      dynamic: true,
      txid: TXID,
    });
    const creditorAccount = { branch: '0001', number: f.account.number };
    const pending = (n: number, amount = 100n) =>
      hubMessage({
        endToEndId: otherBankId(n),
        status: 'pending',
        creditorAccount,
        amount: Money.fromCents(amount),
        txid: code.txid,
      });
    return { ...f, pending };
  }

  it('stores the txid with the incoming transfer and marks the charge paid when the money is credited', async () => {
    const f = await charged();
    await f.apply.execute([f.pending(1)]);
    expect((await f.queries.transfer(otherBankId(1))).props.txid).toBe(TXID);
    expect((await f.queries.charge(TXID)).props.status).toBe('active');
    await f.apply.execute([hubMessage({ endToEndId: otherBankId(1), status: 'confirmed' })]);
    expect((await f.queries.charge(TXID)).props).toMatchObject({
      status: 'paid',
      endToEndId: otherBankId(1),
      paidAt: f.clock.now(),
    });
  });

  it('refuses a second payment of a paid charge, and a payment of another amount', async () => {
    const f = await charged();
    await f.apply.execute([f.pending(9, 99n)]);
    expect(f.uow.takeOutbox()).toEqual([
      { kind: 'reply', endToEndId: otherBankId(9), reply: 'rejected', reason: 'CREDITOR_REFUSED' },
    ]);
    await f.apply.execute([f.pending(1)]);
    await f.apply.execute([hubMessage({ endToEndId: otherBankId(1), status: 'confirmed' })]);
    f.uow.takeOutbox();
    await f.apply.execute([f.pending(2), f.pending(3, 99n)]);
    expect(f.uow.takeOutbox()).toEqual([
      { kind: 'reply', endToEndId: otherBankId(2), reply: 'rejected', reason: 'CREDITOR_REFUSED' },
      { kind: 'reply', endToEndId: otherBankId(3), reply: 'rejected', reason: 'CREDITOR_REFUSED' },
    ]);
    expect((await f.queries.charge(TXID)).props.endToEndId).toBe(otherBankId(1));
  });
});
