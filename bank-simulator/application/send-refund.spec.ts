import { Money } from '../../src/domain';
import { BANK_ISPB, bankFixture, hubMessage, otherBankId } from './testing/bank-fixture';

const original = otherBankId(1);

/** A bank that has received and credited 5.00 from another bank under `original`. */
async function withReceived() {
  const f = bankFixture();
  const creditor = await f.funded(0n, 'Joao');
  const creditorAccount = { branch: '0001', number: creditor.number };
  await f.apply.execute([
    hubMessage({ endToEndId: original, status: 'pending', creditorAccount, amount: Money.fromCents(500n) }),
  ]);
  await f.apply.execute([
    hubMessage({ endToEndId: original, status: 'confirmed', creditorAccount, amount: Money.fromCents(500n) }),
  ]);
  f.uow.takeOutbox();
  return { ...f, creditor };
}

describe('SendRefund', () => {
  it('holds the amount on the credited account and asks the hub for a D-id refund of the original', async () => {
    const f = await withReceived();
    const { transfer, created } = await f.sendRefund.execute(
      original,
      { amount: '200', reason: 'BE08' },
      'r1',
    );
    expect(created).toBe(true);
    expect(transfer.endToEndId).toMatch(new RegExp(`^D${BANK_ISPB}\\d{12}[A-Za-z0-9]{11}$`));
    expect(transfer.props).toMatchObject({
      direction: 'outgoing',
      account: f.creditor.number,
      refundOf: { originalEndToEndId: original, reason: 'BE08' },
      status: 'pending',
    });
    expect((await f.account(f.creditor.number)).props.held.cents).toBe(200n);
    const [request] = f.uow.takeOutbox();
    expect(request).toMatchObject({ kind: 'transfer-request', transfer });
  });

  it('answers a replay with the first refund and refuses the key reused for another amount', async () => {
    const f = await withReceived();
    const first = await f.sendRefund.execute(original, { amount: '200' }, 'r1');
    const again = await f.sendRefund.execute(original, { amount: '200' }, 'r1');
    expect([again.created, again.transfer.endToEndId]).toEqual([false, first.transfer.endToEndId]);
    await expect(f.sendRefund.execute(original, { amount: '300' }, 'r1')).rejects.toMatchObject({
      code: 'IDEMPOTENCY.MISMATCH',
    });
  });

  it('refuses a transfer it never received, one not completed, a bad reason and a refund of a refund', async () => {
    const f = await withReceived();
    await expect(f.sendRefund.execute(otherBankId(2), { amount: '1' }, 'a')).rejects.toMatchObject({
      code: 'TRANSFER.NOT_FOUND',
    });
    const creditorAccount = { branch: '0001', number: f.creditor.number };
    await f.apply.execute([hubMessage({ endToEndId: otherBankId(3), status: 'pending', creditorAccount })]);
    await expect(f.sendRefund.execute(otherBankId(3), { amount: '1' }, 'b')).rejects.toMatchObject({
      code: 'REFUND.ORIGINAL_NOT_COMPLETED',
    });
    await expect(f.sendRefund.execute(original, { amount: '1', reason: 'XX' }, 'c')).rejects.toMatchObject({
      field: 'reason',
    });
    await expect(f.sendRefund.execute(`D${original.slice(1)}`, { amount: '1' }, 'd')).rejects.toMatchObject({
      field: 'endToEndId',
    });
  });

  it('refuses more than the account holds, recording nothing', async () => {
    const f = await withReceived();
    await expect(f.sendRefund.execute(original, { amount: '501' }, 'r1')).rejects.toMatchObject({
      code: 'ACCOUNT.INSUFFICIENT_FUNDS',
    });
    expect(f.uow.takeOutbox()).toEqual([]);
  });
});
