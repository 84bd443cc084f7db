import { BANK_A, BANK_B } from '../testing/directory-fixture';
import { e2eId, POLICY, summary, transferFixture } from '../testing/transfer-fixture';
import { ConfirmTransfer } from './confirm-transfer';
import { ExpireTransfers } from './expire-transfers';

/** Transfers #1, #2 and #3 pending, requested one second apart, so their deadlines are too. */
async function setup() {
  const f = await transferFixture();
  for (const n of [1, 2, 3]) {
    await f.pending(n);
    f.clock.advance(1_000);
  }
  f.store.sent.length = 0;
  const expireTransfers = new ExpireTransfers(f.clock);
  const expire = (limit = 100) => f.sweep((uow) => expireTransfers.execute(uow, limit));
  const statuses = () =>
    [1, 2, 3].map(
      (n) => f.store.transfer(e2eId(n))?.snapshot.rejectionReason ?? f.store.transfer(e2eId(n))?.status,
    );
  return { ...f, expire, statuses };
}

describe('ExpireTransfers', () => {
  it('rejects the pending transfers past their deadline, releases their reservations and tells both banks', async () => {
    const { expire, statuses, store, position, clock } = await setup();
    // Now 3 s after #1; 1 ms past the deadline of #2.
    clock.advance(POLICY.deadlineMs - 2_000 + 1);
    expect(await expire()).toBe(2);
    expect(statuses()).toEqual(['DEADLINE_EXCEEDED', 'DEADLINE_EXCEEDED', 'pending']);
    expect(position(BANK_A.ispb)).toEqual({ balance: 4500n, reserved: 1500n });
    expect(store.history.slice(-2).map((h) => [h.endToEndId, h.from, h.to, h.reason, h.actor])).toEqual([
      [e2eId(1), 'pending', 'rejected', 'DEADLINE_EXCEEDED', 'hub'],
      [e2eId(2), 'pending', 'rejected', 'DEADLINE_EXCEEDED', 'hub'],
    ]);
    expect(store.ledger.slice(-2).map((e) => [e.kind, e.endToEndId])).toEqual([
      ['release', e2eId(1)],
      ['release', e2eId(2)],
    ]);
    expect(summary(store.sent)).toEqual([
      `${BANK_A.ispb} rejected`,
      `${BANK_B.ispb} rejected`,
      `${BANK_A.ispb} rejected`,
      `${BANK_B.ispb} rejected`,
    ]);
    expect(store.transfer(e2eId(1))?.snapshot.rejectionDetail).toMatch(/^deadline: /);
  });

  it('takes at most `limit`, oldest deadline first', async () => {
    const { expire, statuses, clock } = await setup();
    clock.advance(POLICY.deadlineMs);
    expect(await expire(1)).toBe(1);
    expect(statuses()).toEqual(['DEADLINE_EXCEEDED', 'pending', 'pending']);
    expect(await expire(5)).toBe(2);
    expect(statuses()).toEqual(['DEADLINE_EXCEEDED', 'DEADLINE_EXCEEDED', 'DEADLINE_EXCEEDED']);
  });

  it('leaves a transfer alone at the very millisecond of its deadline', async () => {
    const { expire, store, clock } = await setup();
    clock.advance(POLICY.deadlineMs - 3_000);
    const writes = store.writes();
    expect(await expire()).toBe(0);
    expect(store.writes()).toBe(writes);
  });

  it('never touches a confirmed or rejected transfer, and a late confirm is then ignored', async () => {
    const { expire, statuses, reply, clock, position } = await setup();
    const confirm = (n: number) =>
      reply(e2eId(n), (uow) =>
        new ConfirmTransfer(clock).execute(uow, { endToEndId: e2eId(n), ispb: BANK_B.ispb }),
      );
    await confirm(3);
    clock.advance(POLICY.deadlineMs * 2);
    expect(await expire()).toBe(2);
    expect(await expire()).toBe(0);
    expect(statuses()).toEqual(['DEADLINE_EXCEEDED', 'DEADLINE_EXCEEDED', 'confirmed']);
    expect(await confirm(1)).toBe('ignored');
    expect(position(BANK_A.ispb)).toEqual({ balance: 3000n, reserved: 0n });
    expect(position(BANK_B.ispb)).toEqual({ balance: 1500n, reserved: 0n });
  });
});
