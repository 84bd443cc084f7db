import { ForbiddenError } from '../../domain';
import { claimFixture, EMAIL, OTHER_AT_B, PHONE, RESOLUTION_MS } from '../testing/claim-fixture';
import { rejectionOf } from '../testing/directory-fixture';

describe('CompleteClaim', () => {
  it('moves a confirmed portability: the old row deleted, a new one on the claimer account, both told', async () => {
    const f = await claimFixture();
    const { id } = await f.create('portability');
    await f.acknowledge(id, f.donor);
    await f.confirm(id, f.donor, 'USER_REQUESTED');
    f.clock.advance(1_000);
    const claim = await f.complete(id, f.claimer);
    expect(claim.status).toBe('completed');
    const view = await f.pixKeys.findView(EMAIL);
    expect(view).toMatchObject({ ispb: f.claimer, accountNumber: '555', createdAt: f.clock.now() });
    const rows = f.pixKeys.all().filter((r) => r.key === EMAIL);
    expect(rows.map((r) => r.status)).toEqual(['deleted', 'active']);
    expect(rows[0]?.deletedAt).toEqual(f.clock.now());
    expect(f.store.sentTo(f.donor).at(-1)).toMatchObject({ status: 'completed' });
    expect(f.store.sentTo(f.claimer).at(-1)).toMatchObject({ status: 'completed' });
    expect((await f.store.get(id))?.history.map((h) => h.to)).toEqual([
      'open',
      'waiting_resolution',
      'confirmed',
      'completed',
    ]);
  });

  it('is the claimer only, and only once confirmed', async () => {
    const f = await claimFixture();
    const { id } = await f.create('portability');
    await f.acknowledge(id, f.donor);
    expect(await rejectionOf(f.complete(id, f.claimer))).toMatchObject({ code: 'CLAIM.NOT_CONFIRMED' });
    await f.confirm(id, f.donor, 'USER_REQUESTED');
    expect(await rejectionOf(f.complete(id, f.donor))).toBeInstanceOf(ForbiddenError);
    expect((await f.pixKeys.findView(EMAIL))?.ispb).toBe(f.donor);
  });

  it('completes an unanswered ownership claim after the resolution period, as DEFAULT_OPERATION', async () => {
    const f = await claimFixture();
    const { id } = await f.create('ownership', PHONE, OTHER_AT_B);
    await f.acknowledge(id, f.donor);
    f.clock.advance(RESOLUTION_MS - 1);
    expect(await rejectionOf(f.complete(id, f.claimer))).toMatchObject({ code: 'CLAIM.RESOLUTION_PENDING' });
    f.clock.advance(1);
    const claim = await f.complete(id, f.claimer);
    expect(claim.snapshot).toMatchObject({ status: 'completed', reason: 'DEFAULT_OPERATION' });
    expect(await f.pixKeys.findView(PHONE)).toMatchObject({
      ispb: f.claimer,
      accountNumber: '777',
      ownerName: 'João Lima',
    });
    expect((await f.store.get(id))?.history.at(-1)).toMatchObject({
      reason: 'DEFAULT_OPERATION',
      by: `bank:${f.claimer}`,
    });
  });

  it('refuses to pass the claimer account key limit at completion', async () => {
    const f = await claimFixture();
    const { id } = await f.create('ownership', PHONE, OTHER_AT_B);
    await f.acknowledge(id, f.donor);
    await f.confirm(id, f.donor, 'USER_REQUESTED');
    for (const key of ['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com', 'e@x.com']) {
      await f.register('email', key, OTHER_AT_B, f.claimer);
    }
    expect(await rejectionOf(f.complete(id, f.claimer))).toMatchObject({ code: 'PIX_KEY.LIMIT_REACHED' });
    expect((await f.store.get(id))?.claim.status).toBe('confirmed');
    expect((await f.pixKeys.findView(PHONE))?.ispb).toBe(f.donor);
  });
});
