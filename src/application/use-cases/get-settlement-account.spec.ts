import { PreconditionError, ValidationError } from '../../domain';
import { BANK_A, BANK_B, BANK_C, rejectionOf, UNREGISTERED_ISPB } from '../testing/directory-fixture';
import { transferFixture } from '../testing/transfer-fixture';
import { GetSettlementAccount } from './get-settlement-account';

async function setup() {
  const f = await transferFixture();
  const getSettlementAccount = new GetSettlementAccount(f.banks, f.settlements);
  const get = (ispb: unknown) => getSettlementAccount.execute({ ispb });
  return { ...f, get };
}

describe('GetSettlementAccount', () => {
  it('gives a registered bank never funded an empty account, without storing one', async () => {
    const { get, store } = await setup();
    const account = await get(BANK_B.ispb);
    expect(account.snapshot).toMatchObject({
      balance: 0n,
      reserved: { cents: 0n },
      netDebitCap: { cents: 0n },
    });
    expect(account.ispb.value).toBe(BANK_B.ispb);
    expect(account.available).toBe(0n);
    expect(store.account(BANK_B.ispb)).toBeUndefined();
  });

  it('shows the balance and what pending transfers hold', async () => {
    const { get, fund, pending } = await setup();
    await fund(BANK_A.ispb, 5000n);
    await pending(1, { amount: 2000n });
    const account = await get(BANK_A.ispb);
    expect(account.snapshot).toMatchObject({ balance: 7000n, reserved: { cents: 2000n } });
    expect(account.available).toBe(5000n);
  });

  it('lets a deactivated bank see the money it still has at the hub', async () => {
    const { get, fund } = await setup();
    await fund(BANK_C.ispb, 300n);
    expect((await get(BANK_C.ispb)).snapshot.balance).toBe(300n);
  });

  it('refuses an unregistered bank with BANK.NOT_REGISTERED', async () => {
    const { get } = await setup();
    const error = await rejectionOf(get(UNREGISTERED_ISPB));
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error).toMatchObject({ code: 'BANK.NOT_REGISTERED' });
  });

  it.each(['1234', '', undefined])('refuses the malformed ISPB %j on field ispb', async (ispb) => {
    const { get } = await setup();
    const error = await rejectionOf(get(ispb));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'ispb' });
  });
});
