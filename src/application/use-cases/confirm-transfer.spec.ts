import { ForbiddenError, NotFoundError } from '../../domain';
import { BANK_A, BANK_B, BANK_C, PERSON } from '../testing/directory-fixture';
import { e2eId, POLICY, refusalOf, summary, transferFixture } from '../testing/transfer-fixture';
import { CompleteTransfer } from './complete-transfer';
import { ConfirmTransfer } from './confirm-transfer';
import { ExpireTransfers } from './expire-transfers';
import { RejectTransfer } from './reject-transfer';

const ID = e2eId(1);

async function setup() {
  const f = await transferFixture();
  const confirmTransfer = new ConfirmTransfer(f.clock);
  const confirm = (ispb = BANK_B.ispb, endToEndId = ID) =>
    f.reply(endToEndId, (uow) => confirmTransfer.execute(uow, { endToEndId, ispb }));
  return { ...f, confirm };
}

describe('ConfirmTransfer: in time', () => {
  it('confirms, moves the money between the settlement accounts and tells both banks', async () => {
    const { pending, confirm, fund, store, position, clock } = await setup();
    await pending(1, { amount: 1500n });
    await fund(BANK_A.ispb, 500n);
    await fund(BANK_B.ispb, 200n);
    clock.advance(3_000);
    expect(await confirm()).toBe('applied');
    expect(store.transfer(ID)?.status).toBe('confirmed');
    expect(position(BANK_A.ispb)).toEqual({ balance: 500n, reserved: 0n });
    expect(position(BANK_B.ispb)).toEqual({ balance: 1700n, reserved: 0n });
    expect(store.ledger.slice(-2).map((e) => [e.ispb.value, e.kind, e.amount.cents, e.endToEndId])).toEqual([
      [BANK_A.ispb, 'debit', 1500n, ID],
      [BANK_B.ispb, 'credit', 1500n, ID],
    ]);
    expect(store.history.at(-1)).toEqual({
      endToEndId: ID,
      from: 'pending',
      to: 'confirmed',
      reason: undefined,
      actor: `bank:${BANK_B.ispb}`,
      at: clock.now(),
    });
    expect(summary(store.sent)).toEqual([
      `${BANK_B.ispb} pending`,
      `${BANK_A.ispb} confirmed`,
      `${BANK_B.ispb} confirmed`,
    ]);
  });

  it('opens a settlement account for a creditor bank never funded', async () => {
    const { pending, confirm, store, position } = await setup();
    await pending();
    expect(store.account(BANK_B.ispb)).toBeUndefined();
    await confirm();
    expect(position(BANK_B.ispb)).toEqual({ balance: 1500n, reserved: 0n });
  });

  it('conserves money: the sum of the settlement balances does not change', async () => {
    const { pending, confirm, fund, position } = await setup();
    await pending();
    await fund(BANK_B.ispb, 900n);
    const total = () => position(BANK_A.ispb).balance + position(BANK_B.ispb).balance;
    const before = total();
    await confirm();
    expect(total()).toBe(before);
  });

  it('settles a transfer within one bank on its one account, and tells it once', async () => {
    const { register, pending, confirm, store, position } = await setup();
    await register('email', 'joao@example.com', { ...PERSON, number: '424242' }, BANK_A.ispb);
    await pending(1, { creditorKey: 'joao@example.com' });
    store.sent.length = 0;
    expect(await confirm(BANK_A.ispb)).toBe('applied');
    expect(position(BANK_A.ispb)).toEqual({ balance: 1500n, reserved: 0n });
    expect(summary(store.sent)).toEqual([`${BANK_A.ispb} confirmed`]);
  });

  it('still confirms at the very millisecond of the deadline', async () => {
    const { pending, confirm, store, clock } = await setup();
    await pending();
    clock.advance(POLICY.deadlineMs);
    expect(await confirm()).toBe('applied');
    expect(store.transfer(ID)?.status).toBe('confirmed');
  });
});

describe('ConfirmTransfer: after the deadline', () => {
  it('rejects with DEADLINE_EXCEEDED, releases the reservation and tells both banks; nothing moves', async () => {
    const { pending, confirm, store, position, clock } = await setup();
    await pending();
    clock.advance(POLICY.deadlineMs + 1);
    expect(await confirm()).toBe('applied');
    expect(store.transfer(ID)?.snapshot).toMatchObject({
      status: 'rejected',
      rejectionReason: 'DEADLINE_EXCEEDED',
    });
    expect(store.history.at(-1)).toMatchObject({ from: 'pending', to: 'rejected', actor: 'hub' });
    expect(position(BANK_A.ispb)).toEqual({ balance: 1500n, reserved: 0n });
    expect(store.account(BANK_B.ispb)).toBeUndefined();
    expect(summary(store.sent).slice(1)).toEqual([`${BANK_A.ispb} rejected`, `${BANK_B.ispb} rejected`]);
  });

  it('does exactly what the sweeper does', async () => {
    const late = await setup();
    await late.pending();
    late.clock.advance(POLICY.deadlineMs + 1);
    await late.confirm();
    const swept = await setup();
    await swept.pending();
    swept.clock.advance(POLICY.deadlineMs + 1);
    await swept.sweep((uow) => new ExpireTransfers(swept.clock).execute(uow, 10));
    expect(late.store.transfer(ID)?.snapshot).toEqual(swept.store.transfer(ID)?.snapshot);
    expect(late.store.history).toEqual(swept.store.history);
    expect(late.store.ledger).toEqual(swept.store.ledger);
    expect(summary(late.store.sent)).toEqual(summary(swept.store.sent));
  });
});

describe('ConfirmTransfer: refused or ignored', () => {
  it('refuses an unknown transfer with TRANSFER.NOT_FOUND', async () => {
    const { confirm } = await setup();
    const error = await refusalOf(confirm(BANK_B.ispb, e2eId(9)));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'TRANSFER.NOT_FOUND' });
  });

  it.each([
    ['the debtor bank', BANK_A.ispb],
    ['a bank not involved', BANK_C.ispb],
  ])('refuses a confirm from %s with TRANSFER.NOT_A_PARTY and writes nothing', async (_, ispb) => {
    const { pending, confirm, store } = await setup();
    await pending();
    const writes = store.writes();
    const error = await refusalOf(confirm(ispb));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'TRANSFER.NOT_A_PARTY', kind: 'forbidden' });
    expect(store.writes()).toBe(writes);
    expect(store.transfer(ID)?.status).toBe('pending');
  });

  it('refuses any confirm of a transfer whose key led nowhere: it has no creditor', async () => {
    const { request, confirm } = await setup();
    await request(1, { creditorKey: 'nobody@example.com' });
    expect(await refusalOf(confirm())).toMatchObject({ code: 'TRANSFER.NOT_A_PARTY' });
  });

  const moveOn = {
    confirmed: async (f: Awaited<ReturnType<typeof setup>>) => f.confirm(),
    rejected: (f: Awaited<ReturnType<typeof setup>>) =>
      f.reply(ID, (uow) =>
        new RejectTransfer(f.clock).execute(uow, {
          endToEndId: ID,
          ispb: BANK_B.ispb,
          reason: 'CREDITOR_ACCOUNT_CLOSED',
          detail: 'closed',
        }),
      ),
    completed: async (f: Awaited<ReturnType<typeof setup>>) => {
      await f.confirm();
      await f.reply(ID, (uow) =>
        new CompleteTransfer(f.clock).execute(uow, { endToEndId: ID, ispb: BANK_A.ispb }),
      );
    },
  };
  it.each(['confirmed', 'completed'] as const)(
    'ignores a confirm of a %s transfer and writes nothing',
    async (status) => {
      const f = await setup();
      await f.pending();
      await moveOn[status](f);
      const before = { writes: f.store.writes(), transfer: f.store.transfer(ID)?.snapshot };
      expect(await f.confirm()).toBe('ignored');
      expect({ writes: f.store.writes(), transfer: f.store.transfer(ID)?.snapshot }).toEqual(before);
      expect(f.store.transfer(ID)?.status).toBe(status);
    },
  );

  it('answers a confirm of a rejected transfer with the rejection again, changing nothing', async () => {
    const f = await setup();
    await f.pending();
    await moveOn.rejected(f);
    const before = {
      history: f.store.history.length,
      ledger: f.store.ledger.length,
      sent: f.store.sent.length,
    };
    expect(await f.confirm()).toBe('ignored');
    expect(f.store.transfer(ID)?.status).toBe('rejected');
    expect({ history: f.store.history.length, ledger: f.store.ledger.length }).toEqual({
      history: before.history,
      ledger: before.ledger,
    });
    expect(summary(f.store.sent.slice(before.sent))).toEqual([`${BANK_B.ispb} rejected`]);
  });

  it('refuses a stranger before looking at the state: a confirm from bank A of a confirmed transfer', async () => {
    const { pending, confirm } = await setup();
    await pending();
    await confirm();
    expect(await refusalOf(confirm(BANK_A.ispb))).toMatchObject({ code: 'TRANSFER.NOT_A_PARTY' });
  });
});
