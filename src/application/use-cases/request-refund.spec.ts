import { BANK_A, BANK_B, BANK_C } from '../testing/directory-fixture';
import {
  CREDITOR_ACCOUNT,
  DEBTOR_ACCOUNT,
  refusalOf,
  summary,
  transferFixture,
} from '../testing/transfer-fixture';
import { CompleteTransfer } from './complete-transfer';
import { ConfirmTransfer } from './confirm-transfer';
import { ExpireTransfers } from './expire-transfers';
import { type RefundRequestInput, RequestRefund } from './request-refund';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The n-th refund id of bank B (the creditor of every original here), in the fixture clock's minute. */
const refundId = (n: number, ispb = BANK_B.ispb) => `D${ispb}202611211430${n.toString().padStart(11, '0')}`;

/** A fixture with transfer #1 (15.00 from bank A to CREDITOR_ACCOUNT at bank B) completed. */
async function setup() {
  const f = await transferFixture();
  const requestRefund = new RequestRefund(f.banks, f.hasher, f.clock, { deadlineMs: 10_000 });
  const original = await f.pending(1);
  await f.reply(original, (uow) =>
    new ConfirmTransfer(f.clock).execute(uow, { endToEndId: original, ispb: BANK_B.ispb }),
  );
  await f.reply(original, (uow) =>
    new CompleteTransfer(f.clock).execute(uow, { endToEndId: original, ispb: BANK_A.ispb }),
  );
  f.store.sent.length = 0;
  const refundInput = (n: number, change: Partial<RefundRequestInput> = {}): RefundRequestInput => ({
    endToEndId: refundId(n),
    debtorIspb: BANK_B.ispb,
    debtorAccount: CREDITOR_ACCOUNT,
    amount: 1500n,
    description: 'returned',
    refund: { originalEndToEndId: original, reason: 'MD06' },
    ...change,
  });
  /** Runs a refund as the relay does: the refund and its original locked, the refunding bank's account too. */
  const refund = (n: number, change: Partial<RefundRequestInput> = {}) => {
    const input = refundInput(n, change);
    return f.store.run((uow) => requestRefund.execute(uow, input), {
      endToEndIds: [input.endToEndId, input.refund.originalEndToEndId],
      ispbs: [input.debtorIspb],
    });
  };
  const status = (n: number) => f.store.transfer(refundId(n))?.snapshot;
  return { ...f, original, refund, refundInput, status, requestRefund };
}

describe('RequestRefund', () => {
  it('reserves a full refund on the refunding bank and sends it pending to the original debtor account', async () => {
    const f = await setup();
    expect(await f.refund(1)).toBe('applied');
    const refund = f.status(1);
    expect(refund?.status).toBe('pending');
    expect(refund?.creditorIspb?.value).toBe(BANK_A.ispb);
    expect(refund?.creditorAccount).toEqual(DEBTOR_ACCOUNT);
    expect(refund?.refundOf?.originalId.value).toBe(f.original);
    expect(refund?.refundOf?.reason).toBe('MD06');
    expect(f.position(BANK_B.ispb)).toEqual({ balance: 1500n, reserved: 1500n });
    expect(summary(f.store.sent)).toEqual([`${BANK_A.ispb} pending`]);
  });

  it('lets partial refunds add up to the original and rejects the one past it', async () => {
    const f = await setup();
    await f.refund(1, { amount: 1000n });
    await f.refund(2, { amount: 500n });
    await f.refund(3, { amount: 1n });
    expect([f.status(1)?.status, f.status(2)?.status]).toEqual(['pending', 'pending']);
    expect(f.status(3)?.rejectionReason).toBe('REFUND_EXCEEDS_REMAINING');
    expect(f.status(3)?.rejectionDetail).toBe(
      `amount: 0.01 is above the 0.00 left to refund of ${f.original}`,
    );
    expect(f.position(BANK_B.ispb).reserved).toBe(1500n);
  });

  it('counts refunds decided in the same unit of work, so one batch cannot refund twice', async () => {
    const f = await setup();
    const one = f.refundInput(1);
    const two = f.refundInput(2);
    await f.store.run(
      async (uow) => {
        await f.requestRefund.execute(uow, one);
        await f.requestRefund.execute(uow, two);
      },
      { endToEndIds: [one.endToEndId, two.endToEndId, f.original], ispbs: [BANK_B.ispb] },
    );
    expect(f.status(1)?.status).toBe('pending');
    expect(f.status(2)?.rejectionReason).toBe('REFUND_EXCEEDS_REMAINING');
  });

  it('frees what a rejected refund had taken of the original', async () => {
    const f = await setup();
    await f.refund(1);
    f.clock.advance(11_000);
    await f.sweep((uow) => new ExpireTransfers(f.clock).execute(uow, 10));
    expect(f.status(1)?.rejectionReason).toBe('DEADLINE_EXCEEDED');
    expect(await f.refund(2)).toBe('applied');
    expect(f.status(2)?.status).toBe('pending');
  });

  it('takes a refund on the 90th day after the settlement and refuses one past it', async () => {
    const f = await setup();
    f.clock.advance(90 * DAY_MS);
    await f.refund(1, { amount: 100n });
    f.clock.advance(60_000);
    await f.refund(2, { amount: 100n });
    expect(f.status(1)?.status).toBe('pending');
    expect(f.status(2)?.rejectionReason).toBe('REFUND_PERIOD_EXPIRED');
  });

  it.each([
    [
      'a bank that was not its creditor',
      { debtorIspb: BANK_A.ispb, endToEndId: refundId(1, BANK_A.ispb), debtorAccount: DEBTOR_ACCOUNT },
      'NOT_ORIGINAL_CREDITOR',
    ],
    [
      'another account of its creditor bank',
      { debtorAccount: { ...CREDITOR_ACCOUNT, number: '777' } },
      'NOT_ORIGINAL_CREDITOR',
    ],
    [
      'an original the hub never saw',
      { refund: { originalEndToEndId: `E${BANK_A.ispb}20261121143099999999999`, reason: 'MD06' } },
      'ORIGINAL_NOT_FOUND',
    ],
  ])('rejects a refund from %s', async (_, change, reason) => {
    const f = await setup();
    const input = f.refundInput(1, change);
    await f.store.run((uow) => f.requestRefund.execute(uow, input), {
      endToEndIds: [input.endToEndId, input.refund.originalEndToEndId],
      ispbs: [input.debtorIspb],
    });
    expect(f.store.transfer(input.endToEndId)?.snapshot.rejectionReason).toBe(reason);
    expect(summary(f.store.sent)).toEqual([`${input.debtorIspb} rejected`]);
  });

  it('takes a refund of a transfer confirmed but not yet acknowledged: it is settled, its creditor paid', async () => {
    const f = await setup();
    const confirmed = await f.pending(2);
    await f.reply(confirmed, (uow) =>
      new ConfirmTransfer(f.clock).execute(uow, { endToEndId: confirmed, ispb: BANK_B.ispb }),
    );
    await f.refund(1, { refund: { originalEndToEndId: confirmed, reason: 'MD06' } });
    expect(f.status(1)?.status).toBe('pending');
  });

  it('rejects a refund of a transfer not settled', async () => {
    const f = await setup();
    const pending = await f.pending(2);
    await f.refund(1, { refund: { originalEndToEndId: pending, reason: 'BE08' } });
    expect(f.status(1)?.rejectionReason).toBe('ORIGINAL_NOT_COMPLETED');
  });

  it.each([
    ['an E id', { endToEndId: `E${BANK_B.ispb}20261121143000000000001` }, 'end_to_end_id'],
    [
      'an unknown reason',
      { refund: { originalEndToEndId: `E${BANK_A.ispb}20261121143000000000001`, reason: 'XX01' } },
      'refund.reason',
    ],
    [
      'a refund as its original',
      { refund: { originalEndToEndId: refundId(9), reason: 'MD06' } },
      'refund.original_end_to_end_id',
    ],
  ])('refuses unstored a request with %s, naming the field', async (_, change, field) => {
    const f = await setup();
    const error = await refusalOf(f.refund(1, change));
    expect(error.message).toContain(field);
  });

  it('answers a repeated refund with its state and refuses the id reused for another amount', async () => {
    const f = await setup();
    await f.refund(1, { amount: 700n });
    expect(await f.refund(1, { amount: 700n })).toBe('ignored');
    expect(await f.refund(1, { amount: 800n })).toBe('ignored');
    expect(summary(f.store.sent)).toEqual([
      `${BANK_A.ispb} pending`,
      `${BANK_B.ispb} pending`,
      `${BANK_B.ispb} refused DUPLICATE_MISMATCH`,
    ]);
  });

  it('rejects a refund of an inactive bank', async () => {
    const f = await setup();
    const input = f.refundInput(1, { debtorIspb: BANK_C.ispb, endToEndId: refundId(1, BANK_C.ispb) });
    await f.store.run((uow) => f.requestRefund.execute(uow, input), {
      endToEndIds: [input.endToEndId],
      ispbs: [BANK_C.ispb],
    });
    expect(f.store.transfer(input.endToEndId)?.snapshot.rejectionReason).toBe('DEBTOR_BANK_NOT_ACTIVE');
  });
});
