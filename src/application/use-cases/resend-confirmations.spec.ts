import { BANK_A, BANK_B } from '../testing/directory-fixture';
import { e2eId, transferFixture } from '../testing/transfer-fixture';
import { CompleteTransfer } from './complete-transfer';
import { ConfirmTransfer } from './confirm-transfer';
import { type ReminderPolicy, ResendConfirmations } from './resend-confirmations';

/** Remind after 1 s, then 2 s, 4 s, capped at 5 s; give up 20 s after the confirmation. */
const REMINDERS: ReminderPolicy = { firstAfterMs: 1_000, maxIntervalMs: 5_000, reconcileAfterMs: 20_000 };

/** Transfers #1 and #2 confirmed, #2 one second after #1; the notices of the confirmation forgotten. */
async function setup() {
  const f = await transferFixture();
  for (const n of [1, 2]) {
    await f.pending(n);
    await f.reply(e2eId(n), (uow) =>
      new ConfirmTransfer(f.clock).execute(uow, {
        endToEndId: e2eId(n),
        ispb: BANK_B.ispb,
      }),
    );
    f.clock.advance(1_000);
  }
  f.store.sent.length = 0;
  const resendConfirmations = new ResendConfirmations(f.clock, REMINDERS);
  const resend = (limit = 100) => f.sweep((uow) => resendConfirmations.execute(uow, limit));
  /** Which transfers were reminded, in order, since the last call. */
  const reminded = () => {
    const sent = f.store.sent.splice(0);
    return sent.map(({ to, notice }) =>
      notice.type === 'transfer'
        ? `${notice.transfer.id.value.slice(-1)} ${to} ${notice.transfer.status}`
        : '',
    );
  };
  return { ...f, resend, reminded };
}

describe('ResendConfirmations', () => {
  it('re-sends CONFIRMED to the debtor bank alone, once each is due, the oldest first', async () => {
    const { resend, reminded, clock, store } = await setup();
    // Now 2 s after #1's confirmation and 1 s after #2's.
    expect(await resend()).toEqual({ resent: 2, raised: 0 });
    expect(reminded()).toEqual([`1 ${BANK_A.ispb} confirmed`, `2 ${BANK_A.ispb} confirmed`]);
    expect(store.reminders.get(e2eId(1))).toEqual({
      count: 1,
      nextAt: new Date(clock.now().getTime() + 2_000),
    });
    expect(await resend()).toEqual({ resent: 0, raised: 0 });
    expect(reminded()).toEqual([]);
  });

  it('waits twice as long after each reminder, up to the longest interval', async () => {
    const { resend, reminded, clock, store } = await setup();
    const times: number[] = [];
    for (let ms = 0; ms < 18_000; ms += 250) {
      await resend();
      if (reminded().includes(`1 ${BANK_A.ispb} confirmed`)) times.push(ms);
      clock.advance(250);
    }
    // From 2 s after the confirmation: +0, +2, +4, then every 5 s (the cap).
    expect(times).toEqual([0, 2_000, 6_000, 11_000, 16_000]);
    expect(store.reminders.get(e2eId(1))?.count).toBe(5);
  });

  it('raises an unacknowledged transfer for reconciliation once overdue, and reminds it no more', async () => {
    const { resend, reminded, clock, store } = await setup();
    await resend();
    clock.advance(REMINDERS.reconcileAfterMs - 2_000);
    // #1 was confirmed 20 s ago: overdue. #2, 19 s ago: reminded again.
    expect(await resend()).toEqual({ resent: 1, raised: 1 });
    expect(store.reconciliations).toEqual([
      {
        endToEndId: e2eId(1),
        reason: 'ACK_OVERDUE',
        raisedBy: 'hub',
        detail: `no COMPLETED from the debtor bank ${BANK_A.ispb} in 20 s since it was confirmed (15.00 moved), after 1 reminders`,
        raisedAt: clock.now(),
      },
    ]);
    expect(store.transfer(e2eId(1))?.status).toBe('confirmed');
    reminded();
    clock.advance(60_000);
    expect(await resend()).toEqual({ resent: 0, raised: 1 });
    expect(await resend()).toEqual({ resent: 0, raised: 0 });
    expect(reminded()).toEqual([]);
  });

  it('stops once the debtor bank acknowledges', async () => {
    const { resend, reminded, clock, store, reply } = await setup();
    await resend();
    for (const n of [1, 2]) {
      await reply(e2eId(n), (uow) =>
        new CompleteTransfer(clock).execute(uow, { endToEndId: e2eId(n), ispb: BANK_A.ispb }),
      );
    }
    clock.advance(REMINDERS.reconcileAfterMs * 2);
    reminded();
    const writes = store.writes();
    expect(await resend()).toEqual({ resent: 0, raised: 0 });
    expect(store.writes()).toBe(writes);
  });

  it('takes at most `limit` transfers a round', async () => {
    const { resend } = await setup();
    expect(await resend(1)).toEqual({ resent: 1, raised: 0 });
    expect(await resend(1)).toEqual({ resent: 1, raised: 0 });
    expect(await resend(1)).toEqual({ resent: 0, raised: 0 });
  });

  it('refuses a policy whose longest interval is shorter than its first', async () => {
    const { clock } = await setup();
    expect(() => new ResendConfirmations(clock, { ...REMINDERS, maxIntervalMs: 500 })).toThrow(/interval/);
  });
});
