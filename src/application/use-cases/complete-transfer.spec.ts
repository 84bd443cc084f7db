import { ForbiddenError, NotFoundError } from '../../domain';
import { BANK_A, BANK_B, BANK_C } from '../testing/directory-fixture';
import { e2eId, POLICY, refusalOf, transferFixture } from '../testing/transfer-fixture';
import { CompleteTransfer } from './complete-transfer';
import { ConfirmTransfer } from './confirm-transfer';
import { ExpireTransfers } from './expire-transfers';

const ID = e2eId(1);

async function setup() {
  const f = await transferFixture();
  const completeTransfer = new CompleteTransfer(f.clock);
  const complete = (ispb = BANK_A.ispb, endToEndId = ID) =>
    f.reply(endToEndId, (uow) => completeTransfer.execute(uow, { endToEndId, ispb }));
  const confirm = () =>
    f.reply(ID, (uow) => new ConfirmTransfer(f.clock).execute(uow, { endToEndId: ID, ispb: BANK_B.ispb }));
  return { ...f, complete, confirm };
}

describe('CompleteTransfer', () => {
  it("completes a confirmed transfer on the debtor's ack, telling nobody and moving no money", async () => {
    const { pending, confirm, complete, store, clock } = await setup();
    await pending();
    await confirm();
    const before = { sent: store.sent.length, ledger: store.ledger.length };
    clock.advance(5_000);
    expect(await complete()).toBe('applied');
    expect(store.transfer(ID)?.status).toBe('completed');
    expect(store.history.at(-1)).toEqual({
      endToEndId: ID,
      from: 'confirmed',
      to: 'completed',
      reason: undefined,
      actor: `bank:${BANK_A.ispb}`,
      at: clock.now(),
    });
    expect({ sent: store.sent.length, ledger: store.ledger.length }).toEqual(before);
  });

  it("gives one lookup token back to the debtor bank's bucket, once", async () => {
    const { pending, confirm, complete, store } = await setup();
    await pending();
    await confirm();
    expect(store.lookupTokensReturned).toEqual([]);
    await complete();
    await complete(); // a repeated ack
    expect(store.lookupTokensReturned).toEqual([BANK_A.ispb]);
  });

  it('completes even after the deadline: the money moved in time', async () => {
    const { pending, confirm, complete, store, clock } = await setup();
    await pending();
    await confirm();
    clock.advance(POLICY.deadlineMs * 10);
    expect(await complete()).toBe('applied');
    expect(store.transfer(ID)?.status).toBe('completed');
  });

  it('refuses an unknown transfer with TRANSFER.NOT_FOUND', async () => {
    const { complete } = await setup();
    const error = await refusalOf(complete(BANK_A.ispb, e2eId(9)));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'TRANSFER.NOT_FOUND' });
  });

  it.each([
    ['the creditor bank', BANK_B.ispb],
    ['a bank not involved', BANK_C.ispb],
  ])('refuses an ack from %s with TRANSFER.NOT_A_PARTY and writes nothing', async (_, ispb) => {
    const { pending, confirm, complete, store } = await setup();
    await pending();
    await confirm();
    const writes = store.writes();
    const error = await refusalOf(complete(ispb));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'TRANSFER.NOT_A_PARTY' });
    expect(store.writes()).toBe(writes);
    expect(store.transfer(ID)?.status).toBe('confirmed');
  });

  type Fixture = Awaited<ReturnType<typeof setup>>;
  it.each([
    ['pending', async () => undefined],
    [
      'rejected by the hub',
      async (f: Fixture) => {
        f.clock.advance(POLICY.deadlineMs + 1);
        await f.sweep((uow) => new ExpireTransfers(f.clock).execute(uow, 10));
      },
    ],
    [
      'completed (a repeated ack)',
      async (f: Fixture) => {
        await f.confirm();
        await f.complete();
      },
    ],
  ])('ignores an ack of a %s transfer and writes nothing', async (_, arrange) => {
    const f = await setup();
    await f.pending();
    await arrange(f);
    const before = { writes: f.store.writes(), transfer: f.store.transfer(ID)?.snapshot };
    expect(await f.complete()).toBe('ignored');
    expect({ writes: f.store.writes(), transfer: f.store.transfer(ID)?.snapshot }).toEqual(before);
  });

  it('ignores an ack of a transfer rejected on request (the debtor may ack any outcome)', async () => {
    const { request, complete, store } = await setup();
    await request(1, { amount: 10n ** 12n });
    const writes = store.writes();
    expect(await complete()).toBe('ignored');
    expect(store.writes()).toBe(writes);
  });
});
