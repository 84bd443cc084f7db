import { rejectionOf } from '../../src/application/testing/directory-fixture';
import { Money } from '../../src/domain';
import { vectors } from '../../test/support/vectors';
import { ListPixKeys } from './list-pix-keys';
import { RegisterPixKey } from './register-pix-key';
import { bankFixture, OWNER_CPF } from './testing/bank-fixture';
import { FakeHubDirectory } from './testing/in-memory-bank';

describe('accounts', () => {
  it('get numbers from the bank, open and empty', async () => {
    const f = bankFixture();
    const a = await f.openAccount.execute({ ownerName: 'Maria', ownerTaxId: OWNER_CPF });
    const b = await f.openAccount.execute({
      ownerName: 'ACME',
      ownerTaxId: vectors.cnpj.valid[0],
      type: 'TRAN',
    });
    expect([a.number, b.number]).toEqual(['1001', '1002']);
    expect(b.props).toMatchObject({ type: 'TRAN', status: 'open', branch: '0001' });
    expect((await f.queries.accounts()).map((x) => x.number)).toEqual(['1001', '1002']);
  });

  it('take deposits, each on the statement with the balance after it', async () => {
    const f = bankFixture();
    const { number } = await f.funded(1500n);
    await f.deposit.execute(number, { amount: 500 });
    expect((await f.account(number)).props.balance.cents).toBe(2000n);
    expect(await f.queries.statement(number)).toEqual([
      {
        account: number,
        kind: 'deposit',
        amount: Money.fromCents(1500n),
        balanceAfter: Money.fromCents(1500n),
        at: f.clock.now(),
      },
      {
        account: number,
        kind: 'deposit',
        amount: Money.fromCents(500n),
        balanceAfter: Money.fromCents(2000n),
        at: f.clock.now(),
      },
    ]);
    const summary = await f.queries.summary();
    expect([summary.totalBalance.cents, summary.totalDeposits.cents]).toEqual([2000n, 2000n]);
  });

  it('refuse deposits to unknown or closed accounts, and bad amounts by field', async () => {
    const f = bankFixture();
    expect(await rejectionOf(f.deposit.execute('999', { amount: '1' }))).toMatchObject({
      code: 'ACCOUNT.NOT_FOUND',
    });
    const { number } = await f.funded(0n);
    expect(await rejectionOf(f.deposit.execute(number, { amount: '1.5' }))).toMatchObject({
      field: 'amount',
    });
    await f.closeAccount.execute(number);
    expect(await rejectionOf(f.deposit.execute(number, { amount: '1' }))).toMatchObject({
      code: 'ACCOUNT.CLOSED',
    });
    expect(await rejectionOf(f.queries.statement('999'))).toMatchObject({ code: 'ACCOUNT.NOT_FOUND' });
  });

  it('cannot close with money on hold', async () => {
    const f = bankFixture();
    const { number } = await f.funded(100n);
    await f.sendPix.execute({ fromAccount: number, key: 'x@example.com', amount: '100' }, 'k');
    expect(await rejectionOf(f.closeAccount.execute(number))).toMatchObject({
      code: 'ACCOUNT.FUNDS_ON_HOLD',
    });
  });
});

describe('transfer queries', () => {
  it('validate their filters by field and find nothing unknown', async () => {
    const f = bankFixture();
    expect(await rejectionOf(f.queries.transfers({ status: 'done' }))).toMatchObject({ field: 'status' });
    expect(await rejectionOf(f.queries.transfers({ account: 'x' }))).toMatchObject({ field: 'account' });
    expect(await rejectionOf(f.queries.transfers({ limit: '0' }))).toMatchObject({ field: 'limit' });
    expect(await rejectionOf(f.queries.transfer('E1', 'sideways'))).toMatchObject({ field: 'direction' });
    expect(await rejectionOf(f.queries.transfer('E1'))).toMatchObject({ code: 'TRANSFER.NOT_FOUND' });
  });

  it('filter by account and status, newest first', async () => {
    const f = bankFixture();
    const a = await f.funded(1000n);
    const b = await f.funded(1000n);
    const send = (from: string, k: string) =>
      f.sendPix.execute({ fromAccount: from, key: 'x@example.com', amount: '1' }, k);
    const first = await send(a.number, 'a1');
    const second = await send(a.number, 'a2');
    await send(b.number, 'b1');
    const listed = await f.queries.transfers({ account: a.number, status: 'pending' });
    expect(listed.map((t) => t.endToEndId)).toEqual([second.transfer.endToEndId, first.transfer.endToEndId]);
    expect(await f.queries.transfers({ status: 'completed' })).toEqual([]);
  });
});

describe('Pix keys', () => {
  const setup = async () => {
    const f = bankFixture();
    const hub = new FakeHubDirectory();
    const { number } = await f.funded(0n);
    return { ...f, hub, number, register: new RegisterPixKey(f.uow, hub), list: new ListPixKeys(f.uow, hub) };
  };

  it('default a cpf key to the owner tax id, normalise others, and send no value for evp', async () => {
    const f = await setup();
    expect((await f.register.execute(f.number, { kind: 'cpf' })).key).toBe(OWNER_CPF);
    expect((await f.register.execute(f.number, { kind: 'email', key: 'Maria@Example.COM' })).key).toBe(
      'maria@example.com',
    );
    expect((await f.register.execute(f.number, { kind: 'evp' })).kind).toBe('evp');
    expect(await f.list.execute(f.number)).toHaveLength(3);
  });

  it('refuse a bad kind or key by field, an evp value, and unknown or closed accounts', async () => {
    const f = await setup();
    expect(await rejectionOf(f.register.execute(f.number, { kind: 'iban' }))).toMatchObject({
      field: 'kind',
    });
    expect(await rejectionOf(f.register.execute(f.number, { kind: 'phone', key: '123' }))).toMatchObject({
      field: 'key',
    });
    expect(await rejectionOf(f.register.execute(f.number, { kind: 'evp', key: 'x' }))).toMatchObject({
      field: 'key',
    });
    expect(await rejectionOf(f.register.execute('999', { kind: 'evp' }))).toMatchObject({
      code: 'ACCOUNT.NOT_FOUND',
    });
    expect(await rejectionOf(f.list.execute('999'))).toMatchObject({ code: 'ACCOUNT.NOT_FOUND' });
    await f.closeAccount.execute(f.number);
    expect(await rejectionOf(f.register.execute(f.number, { kind: 'evp' }))).toMatchObject({
      code: 'ACCOUNT.CLOSED',
    });
    expect(f.hub.keys).toEqual([]);
  });
});
