import {
  CREDITOR_REASONS,
  ForbiddenError,
  NotFoundError,
  REJECTION_REASONS,
  type RejectionReason,
} from '../../domain';
import { BANK_A, BANK_B, BANK_C } from '../testing/directory-fixture';
import { e2eId, POLICY, refusalOf, summary, transferFixture } from '../testing/transfer-fixture';
import { CompleteTransfer } from './complete-transfer';
import { ConfirmTransfer } from './confirm-transfer';
import { ExpireTransfers } from './expire-transfers';
import { RejectTransfer } from './reject-transfer';

const ID = e2eId(1);

async function setup() {
  const f = await transferFixture();
  const rejectTransfer = new RejectTransfer(f.clock);
  const reject = (reason: RejectionReason = 'CREDITOR_ACCOUNT_CLOSED', ispb = BANK_B.ispb, endToEndId = ID) =>
    f.reply(endToEndId, (uow) =>
      rejectTransfer.execute(uow, {
        endToEndId,
        ispb,
        reason,
        detail: 'account 0001/12345 is closed',
      }),
    );
  return { ...f, reject };
}

describe('RejectTransfer: a pending transfer', () => {
  it.each(CREDITOR_REASONS)('records %s, releases the reservation and tells both banks', async (reason) => {
    const { pending, reject, store, position, clock } = await setup();
    await pending();
    clock.advance(2_000);
    expect(await reject(reason)).toBe('applied');
    expect(store.transfer(ID)?.snapshot).toMatchObject({
      status: 'rejected',
      rejectionReason: reason,
      rejectionDetail: 'account 0001/12345 is closed',
    });
    expect(store.history.at(-1)).toEqual({
      endToEndId: ID,
      from: 'pending',
      to: 'rejected',
      reason,
      actor: `bank:${BANK_B.ispb}`,
      at: clock.now(),
    });
    expect(store.ledger.at(-1)).toMatchObject({ kind: 'release', endToEndId: ID, amount: { cents: 1500n } });
    expect(position(BANK_A.ispb)).toEqual({ balance: 1500n, reserved: 0n });
    expect(store.account(BANK_B.ispb)).toBeUndefined();
    expect(summary(store.sent).slice(1)).toEqual([`${BANK_A.ispb} rejected`, `${BANK_B.ispb} rejected`]);
  });

  const hubReasons = REJECTION_REASONS.filter((r) => !CREDITOR_REASONS.includes(r));
  it.each(hubReasons)(
    'records %s from a creditor as CREDITOR_REFUSED, keeping it in the detail',
    async (sent) => {
      const { pending, reject, store } = await setup();
      await pending();
      await reject(sent);
      expect(store.transfer(ID)?.snapshot).toMatchObject({
        rejectionReason: 'CREDITOR_REFUSED',
        rejectionDetail: `creditor sent ${sent}: account 0001/12345 is closed`,
      });
    },
  );

  it("keeps the creditor's reason when it answers after the deadline, before the sweeper ran", async () => {
    const { pending, reject, store, clock } = await setup();
    await pending();
    clock.advance(POLICY.deadlineMs + 1);
    expect(await reject()).toBe('applied');
    expect(store.transfer(ID)?.snapshot.rejectionReason).toBe('CREDITOR_ACCOUNT_CLOSED');
  });
});

describe('RejectTransfer: refused or ignored', () => {
  it('refuses an unknown transfer with TRANSFER.NOT_FOUND', async () => {
    const { reject } = await setup();
    const error = await refusalOf(reject('CREDITOR_REFUSED', BANK_B.ispb, e2eId(9)));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'TRANSFER.NOT_FOUND' });
  });

  it.each([
    ['the debtor bank', BANK_A.ispb],
    ['a bank not involved', BANK_C.ispb],
  ])('refuses a reject from %s with TRANSFER.NOT_A_PARTY and writes nothing', async (_, ispb) => {
    const { pending, reject, store } = await setup();
    await pending();
    const writes = store.writes();
    const error = await refusalOf(reject('CREDITOR_REFUSED', ispb));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'TRANSFER.NOT_A_PARTY' });
    expect(store.writes()).toBe(writes);
    expect(store.transfer(ID)?.status).toBe('pending');
  });

  type Fixture = Awaited<ReturnType<typeof setup>>;
  const confirm = (f: Fixture) =>
    f.reply(ID, (uow) => new ConfirmTransfer(f.clock).execute(uow, { endToEndId: ID, ispb: BANK_B.ispb }));
  const moveOn: [string, (f: Fixture) => Promise<unknown>][] = [
    ['confirmed', confirm],
    ['rejected (a repeated reject)', (f) => f.reject()],
    [
      'rejected by the sweeper',
      (f) => {
        f.clock.advance(POLICY.deadlineMs + 1);
        return f.sweep((uow) => new ExpireTransfers(f.clock).execute(uow, 10));
      },
    ],
    [
      'completed',
      async (f) => {
        await confirm(f);
        await f.reply(ID, (uow) =>
          new CompleteTransfer(f.clock).execute(uow, { endToEndId: ID, ispb: BANK_A.ispb }),
        );
      },
    ],
  ];
  it.each(moveOn)('ignores a reject of a transfer %s and writes nothing', async (_, move) => {
    const f = await setup();
    await f.pending();
    await move(f);
    const before = {
      writes: f.store.writes(),
      transfer: f.store.transfer(ID)?.snapshot,
      a: f.position(BANK_A.ispb),
    };
    expect(await f.reject('CREDITOR_REFUSED')).toBe('ignored');
    expect({
      writes: f.store.writes(),
      transfer: f.store.transfer(ID)?.snapshot,
      a: f.position(BANK_A.ispb),
    }).toEqual(before);
  });
});
