import type { Principal } from '../domain';
import { LOGIN_THROTTLE } from './login-throttle';
import { bankFixture, claimMessage, hubClaim, OWNER_CPF } from './testing/bank-fixture';

/** Customers over the in-memory bank: passwords set and checked, the throttle, and who reaches what. */

const OTHER_CPF = '52601815906';
const operator: Principal = { kind: 'operator' };
const customer = (taxId: string): Principal => ({ kind: 'customer', taxId });

async function bankWithCustomers() {
  const f = bankFixture();
  const mine = await f.openAccount.execute({
    ownerName: 'Maria',
    ownerTaxId: OWNER_CPF,
    password: 'maria-secret',
  });
  const theirs = await f.openAccount.execute({ ownerName: 'Bruno', ownerTaxId: OTHER_CPF });
  return { ...f, mine, theirs };
}

describe('passwords', () => {
  it('opening an account with a password makes its owner a customer, stored only as a hash', async () => {
    const f = await bankWithCustomers();
    expect(f.uow.state.customers.get(OWNER_CPF)).toMatchObject({
      taxId: OWNER_CPF,
      name: 'Maria',
      passwordHash: 'plain:maria-secret',
    });
    expect(f.uow.state.customers.has(OTHER_CPF)).toBe(false);
  });

  it('refuses a password too short or too long, and opens nothing then', async () => {
    const f = bankFixture();
    for (const password of ['short', 'x'.repeat(129), 12345678]) {
      await expect(
        f.openAccount.execute({ ownerName: 'Ana', ownerTaxId: OWNER_CPF, password }),
      ).rejects.toMatchObject({ code: 'VALIDATION.INVALID_FIELD', field: 'password' });
      await expect(f.setPassword.execute(OWNER_CPF, { password })).rejects.toMatchObject({
        field: 'password',
      });
    }
    expect(await f.queries.accounts()).toEqual([]);
  });

  it('sets or replaces a password for a tax id with an account, named as its first account', async () => {
    const f = await bankWithCustomers();
    await f.setPassword.execute(OTHER_CPF, { password: 'bruno-secret' });
    await f.setPassword.execute(OWNER_CPF, { password: 'maria-new-secret' });
    expect(f.uow.state.customers.get(OTHER_CPF)).toMatchObject({
      name: 'Bruno',
      passwordHash: 'plain:bruno-secret',
    });
    expect(f.uow.state.customers.get(OWNER_CPF)?.passwordHash).toBe('plain:maria-new-secret');
    await expect(f.setPassword.execute('11144477735', { password: 'whatever-1' })).rejects.toMatchObject({
      code: 'CUSTOMER.NOT_FOUND',
    });
  });
});

describe('LogIn', () => {
  it('lets in the right password, and answers a wrong one and an unknown tax id alike after a check each', async () => {
    const f = await bankWithCustomers();
    expect(await f.logIn.execute({ taxId: OWNER_CPF, password: 'maria-secret' })).toEqual({
      taxId: OWNER_CPF,
      name: 'Maria',
    });
    const checks = f.passwords.checks;
    for (const attempt of [
      { taxId: OWNER_CPF, password: 'wrong-password' },
      { taxId: OTHER_CPF, password: 'maria-secret' },
      { taxId: '00000000000', password: 'maria-secret' },
    ]) {
      await expect(f.logIn.execute(attempt)).rejects.toMatchObject({
        code: 'AUTH.BAD_CREDENTIALS',
        message: 'wrong tax id or password',
      });
    }
    expect(f.passwords.checks - checks).toBe(3);
  });

  it('refuses a tax id after 5 failures in 15 minutes, without checking, until the oldest is 15 minutes old', async () => {
    const f = await bankWithCustomers();
    const wrong = { taxId: OWNER_CPF, password: 'wrong-password' };
    for (let i = 0; i < LOGIN_THROTTLE.failuresMax; i++) {
      await expect(f.logIn.execute(wrong)).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS' });
      f.clock.advance(60_000);
    }
    const checks = f.passwords.checks;
    const right = { taxId: OWNER_CPF, password: 'maria-secret' };
    await expect(f.logIn.execute(right)).rejects.toMatchObject({
      code: 'AUTH.TOO_MANY_ATTEMPTS',
      retryAfterMs: LOGIN_THROTTLE.windowMs - 5 * 60_000,
    });
    expect(f.passwords.checks).toBe(checks);
    // Another tax id is not held up by this one's failures.
    await expect(f.logIn.execute({ taxId: OTHER_CPF, password: 'x-secret-1' })).rejects.toMatchObject({
      code: 'AUTH.BAD_CREDENTIALS',
    });
    f.clock.advance(LOGIN_THROTTLE.windowMs - 5 * 60_000);
    expect(await f.logIn.execute(right)).toMatchObject({ taxId: OWNER_CPF });
    // A success forgets the failures: five more are let through.
    for (let i = 0; i < LOGIN_THROTTLE.failuresMax; i++) {
      await expect(f.logIn.execute(wrong)).rejects.toMatchObject({ code: 'AUTH.BAD_CREDENTIALS' });
    }
  });
});

describe('CustomerAccess', () => {
  it('lets a customer reach their own accounts only, and the operator every one', async () => {
    const f = await bankWithCustomers();
    await f.customerAccess.account(customer(OWNER_CPF), f.mine.number);
    await f.customerAccess.account(operator, f.theirs.number);
    for (const number of [f.theirs.number, '999999']) {
      await expect(f.customerAccess.account(customer(OWNER_CPF), number)).rejects.toMatchObject({
        code: 'AUTH.FORBIDDEN',
        message: 'that account is not yours',
      });
    }
    expect(() => f.customerAccess.operator(customer(OWNER_CPF))).toThrow(
      "only the bank's operator may do that",
    );
    expect(() => f.customerAccess.customer(operator)).toThrow(/only a logged-in customer/);
  });

  it("lets a customer read their side of a transfer, and answers another's as if there were none", async () => {
    const f = await bankWithCustomers();
    await f.deposit.execute(f.mine.number, { amount: '500' });
    const { transfer } = await f.sendPix.execute(
      { fromAccount: f.mine.number, key: 'joao@example.com', amount: 100 },
      'k1',
    );
    const id = transfer.endToEndId;
    expect(await f.customerAccess.transfer(customer(OWNER_CPF), id)).toBe('outgoing');
    expect(await f.customerAccess.transfer(operator, id)).toBeUndefined();
    for (const [who, side] of [
      [customer(OTHER_CPF), undefined],
      [customer(OWNER_CPF), 'incoming'],
    ] as const) {
      await expect(f.customerAccess.transfer(who, id, side)).rejects.toMatchObject({
        code: 'TRANSFER.NOT_FOUND',
      });
    }
  });

  it('lets a customer act on a claim only from the side their account is on', async () => {
    const f = await bankWithCustomers();
    // The claim's donor is account 1001, Maria's; its claimer is at another bank.
    const claim = hubClaim();
    await f.apply.execute([claimMessage(claim)]);
    await f.customerAccess.claim(customer(OWNER_CPF), claim.id, 'donor');
    await f.customerAccess.claim(customer(OWNER_CPF), claim.id.toUpperCase(), 'either');
    await expect(f.customerAccess.claim(customer(OWNER_CPF), claim.id, 'claimer')).rejects.toMatchObject({
      code: 'CLAIM.NOT_FOUND',
    });
    await expect(f.customerAccess.claim(customer(OTHER_CPF), claim.id, 'either')).rejects.toMatchObject({
      code: 'CLAIM.NOT_FOUND',
    });
  });

  it("lists a customer's own accounts and transfers, and everything for the operator", async () => {
    const f = await bankWithCustomers();
    await f.deposit.execute(f.theirs.number, { amount: '500' });
    await f.sendPix.execute({ fromAccount: f.theirs.number, key: 'joao@example.com', amount: 1 }, 'k2');
    expect((await f.queries.accounts(OWNER_CPF)).map((a) => a.number)).toEqual([f.mine.number]);
    expect(await f.queries.accounts()).toHaveLength(2);
    expect(await f.queries.transfers({}, OWNER_CPF)).toEqual([]);
    expect(await f.queries.transfers({}, OTHER_CPF)).toHaveLength(1);
    expect(await f.queries.transfers({})).toHaveLength(1);
    expect(await f.queries.customer(OWNER_CPF)).toMatchObject({
      customer: { taxId: OWNER_CPF, name: 'Maria' },
      accounts: [{ number: f.mine.number }],
    });
  });
});
