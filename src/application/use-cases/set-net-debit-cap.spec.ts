import { PreconditionError, SETTLEMENT_CENTS_MAX, ValidationError } from '../../domain';
import { BANK_A, UNREGISTERED_ISPB } from '../testing/directory-fixture';
import { transferFixture } from '../testing/transfer-fixture';
import { SetNetDebitCap } from './set-net-debit-cap';

async function setup() {
  const f = await transferFixture();
  const useCase = new SetNetDebitCap(f.banks);
  const setCap = (ispb: unknown, netDebitCap: unknown) =>
    f.store.run((uow) => useCase.execute(uow, { ispb, netDebitCap }));
  return { ...f, setCap };
}

describe('SetNetDebitCap', () => {
  it('lets a bank reserve below zero down to the cap', async () => {
    const { setCap, store } = await setup();
    const account = await setCap(BANK_A.ispb, 5_000n);
    expect(account.available).toBe(5_000n);
    expect(store.account(BANK_A.ispb)?.snapshot.netDebitCap.cents).toBe(5_000n);
  });

  it('refuses a cap the account already uses more than, and keeps the old one', async () => {
    const { setCap, fund, request, store } = await setup();
    await setCap(BANK_A.ispb, 5_000n);
    await fund(BANK_A.ispb, 1_000n);
    await request(1, { amount: 4_000n });
    expect(store.transfer(store.all()[0].id.value)?.status).toBe('pending');
    // 1,000 funded, 4,000 reserved: the account stands at -3,000.
    await expect(setCap(BANK_A.ispb, 2_000n)).rejects.toMatchObject({
      code: 'SETTLEMENT.CAP_BELOW_POSITION',
    });
    await expect(setCap(BANK_A.ispb, 2_000n)).rejects.toBeInstanceOf(PreconditionError);
    expect(store.account(BANK_A.ispb)?.snapshot.netDebitCap.cents).toBe(5_000n);
    expect((await setCap(BANK_A.ispb, 3_000n)).available).toBe(0n);
  });

  it('refuses a negative cap naming the field, and an unregistered bank', async () => {
    const { setCap } = await setup();
    await expect(setCap(BANK_A.ispb, -1n)).rejects.toMatchObject({ field: 'net_debit_cap' });
    await expect(setCap(BANK_A.ispb, 'lots')).rejects.toBeInstanceOf(ValidationError);
    await expect(setCap(UNREGISTERED_ISPB, 0n)).rejects.toMatchObject({ code: 'BANK.NOT_REGISTERED' });
  });

  it('refuses a cap over SETTLEMENT_CENTS_MAX naming the field, so available always fits an int64', async () => {
    const { setCap, store } = await setup();
    await setCap(BANK_A.ispb, 100n);
    for (const cap of [SETTLEMENT_CENTS_MAX + 1n, 2n ** 63n - 1n]) {
      const error = await setCap(BANK_A.ispb, cap).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'net_debit_cap' });
    }
    expect(store.account(BANK_A.ispb)?.snapshot.netDebitCap.cents).toBe(100n);
    expect((await setCap(BANK_A.ispb, SETTLEMENT_CENTS_MAX)).available).toBe(SETTLEMENT_CENTS_MAX);
  });
});
