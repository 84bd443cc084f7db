import { ValidationError } from '../../domain';
import { BANK_A, BANK_B } from '../testing/directory-fixture';
import { e2eId, refusalOf, summary, transferFixture } from '../testing/transfer-fixture';
import { AnswerTransfer, type TransferReplyInput } from './answer-transfer';
import { CompleteTransfer } from './complete-transfer';
import { ConfirmTransfer } from './confirm-transfer';
import { RejectTransfer } from './reject-transfer';
import { ReportUnknownTransfer } from './report-unknown-transfer';

const ID = e2eId(1);

async function setup() {
  const f = await transferFixture();
  const answerTransfer = new AnswerTransfer({
    confirm: new ConfirmTransfer(f.clock),
    reject: new RejectTransfer(f.clock),
    complete: new CompleteTransfer(f.clock),
    reportUnknown: new ReportUnknownTransfer(f.clock),
  });
  const answer = (kind: unknown, change: Partial<TransferReplyInput> = {}) =>
    f.reply(ID, (uow) =>
      answerTransfer.execute(uow, { endToEndId: ID, ispb: BANK_B.ispb, kind, detail: '', ...change }),
    );
  return { ...f, answer };
}

describe('AnswerTransfer', () => {
  it('hands each kind to its use case: CONFIRMED, then COMPLETED from the debtor', async () => {
    const { pending, answer, store } = await setup();
    await pending();
    expect(await answer('CONFIRMED')).toBe('applied');
    expect(await answer('COMPLETED', { ispb: BANK_A.ispb })).toBe('applied');
    expect(store.transfer(ID)?.status).toBe('completed');
  });

  it('takes a REJECTED without a reason the hub knows as CREDITOR_REFUSED', async () => {
    const { pending, answer, store } = await setup();
    await pending();
    expect(await answer('REJECTED', { detail: 'no such account' })).toBe('applied');
    expect(store.transfer(ID)?.snapshot).toMatchObject({ rejectionReason: 'CREDITOR_REFUSED' });
  });

  it('raises an UNKNOWN_TRANSFER for reconciliation', async () => {
    const { pending, answer, store } = await setup();
    await pending();
    await answer('CONFIRMED');
    expect(await answer('UNKNOWN_TRANSFER', { ispb: BANK_A.ispb })).toBe('applied');
    expect(store.reconciliations).toHaveLength(1);
  });

  it.each([0, 7, 'confirmed', undefined])(
    'refuses the kind %j as TRANSFER.UNKNOWN_REPLY_KIND, writing nothing',
    async (kind) => {
      const { pending, answer, store } = await setup();
      await pending();
      const writes = store.writes();
      const error = await refusalOf(answer(kind));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'TRANSFER.UNKNOWN_REPLY_KIND', field: 'kind' });
      expect(store.writes()).toBe(writes);
      expect(summary(store.sent)).toEqual([`${BANK_B.ispb} pending`]);
    },
  );
});
