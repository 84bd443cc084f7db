import { ForbiddenError, NotFoundError } from '../../domain';
import { BANK_A, BANK_B, BANK_C } from '../testing/directory-fixture';
import { e2eId, POLICY, refusalOf, transferFixture } from '../testing/transfer-fixture';
import { CompleteTransfer } from './complete-transfer';
import { ConfirmTransfer } from './confirm-transfer';
import { ExpireTransfers } from './expire-transfers';
import { ReportUnknownTransfer } from './report-unknown-transfer';

const ID = e2eId(1);

async function setup() {
  const f = await transferFixture();
  const reportUnknown = new ReportUnknownTransfer(f.clock);
  const report = (ispb = BANK_A.ispb, endToEndId = ID) =>
    f.reply(endToEndId, (uow) => reportUnknown.execute(uow, { endToEndId, ispb }));
  const confirm = () =>
    f.reply(ID, (uow) => new ConfirmTransfer(f.clock).execute(uow, { endToEndId: ID, ispb: BANK_B.ispb }));
  const complete = () =>
    f.reply(ID, (uow) => new CompleteTransfer(f.clock).execute(uow, { endToEndId: ID, ispb: BANK_A.ispb }));
  return { ...f, report, confirm, complete };
}

describe('ReportUnknownTransfer', () => {
  it('raises a confirmed transfer the debtor bank never sent, changing nothing else', async () => {
    const { pending, confirm, report, store, clock, position } = await setup();
    await pending();
    await confirm();
    const before = { history: store.history.length, ledger: store.ledger.length, sent: store.sent.length };
    const money = [position(BANK_A.ispb), position(BANK_B.ispb)];
    clock.advance(2_000);
    expect(await report()).toBe('applied');
    expect(store.reconciliations).toEqual([
      {
        endToEndId: ID,
        reason: 'UNKNOWN_TRANSFER',
        raisedBy: `bank:${BANK_A.ispb}`,
        detail: `the debtor bank ${BANK_A.ispb} has no record of this confirmed transfer`,
        raisedAt: clock.now(),
      },
    ]);
    expect(store.transfer(ID)?.snapshot).toMatchObject({
      status: 'confirmed',
      reconciliation: { reason: 'UNKNOWN_TRANSFER', raisedAt: clock.now() },
    });
    expect({ history: store.history.length, ledger: store.ledger.length, sent: store.sent.length }).toEqual(
      before,
    );
    expect([position(BANK_A.ispb), position(BANK_B.ispb)]).toEqual(money);
  });

  it('takes the report from the creditor bank too, and raises a transfer once', async () => {
    const { pending, confirm, report, store } = await setup();
    await pending();
    await confirm();
    expect(await report(BANK_B.ispb)).toBe('applied');
    const writes = store.writes();
    expect(await report(BANK_A.ispb)).toBe('ignored');
    expect(store.writes()).toBe(writes);
    expect(store.reconciliations.map((r) => [r.raisedBy, r.detail])).toEqual([
      [`bank:${BANK_B.ispb}`, `the creditor bank ${BANK_B.ispb} has no record of this confirmed transfer`],
    ]);
  });

  it('raises a pending or completed transfer as well: money is reserved or moved', async () => {
    const pendingCase = await setup();
    await pendingCase.pending();
    expect(await pendingCase.report()).toBe('applied');
    const completedCase = await setup();
    await completedCase.pending();
    await completedCase.confirm();
    await completedCase.complete();
    expect(await completedCase.report()).toBe('applied');
    expect(completedCase.store.transfer(ID)?.snapshot.reconciliation?.reason).toBe('UNKNOWN_TRANSFER');
  });

  it('leaves a rejected transfer alone: no money moved', async () => {
    const { pending, report, store, sweep, clock } = await setup();
    await pending();
    clock.advance(POLICY.deadlineMs + 1);
    await sweep((uow) => new ExpireTransfers(clock).execute(uow, 10));
    const writes = store.writes();
    expect(await report()).toBe('ignored');
    expect(store.writes()).toBe(writes);
  });

  it('refuses an unknown transfer (TRANSFER.NOT_FOUND) and a bank not party to it (TRANSFER.NOT_A_PARTY)', async () => {
    const { pending, report, store } = await setup();
    expect(await refusalOf(report(BANK_A.ispb, e2eId(9)))).toBeInstanceOf(NotFoundError);
    await pending();
    const writes = store.writes();
    const error = await refusalOf(report(BANK_C.ispb));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({
      code: 'TRANSFER.NOT_A_PARTY',
      message: expect.stringMatching(/a party to/),
    });
    expect(store.writes()).toBe(writes);
  });
});
