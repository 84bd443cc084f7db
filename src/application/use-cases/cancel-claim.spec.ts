import { ForbiddenError } from '../../domain';
import { claimFixture, OTHER_AT_B, PHONE } from '../testing/claim-fixture';
import { rejectionOf } from '../testing/directory-fixture';

describe('CancelClaim', () => {
  it('lets the donor refuse a portability for its customer (USER_REQUESTED), never for FRAUD', async () => {
    const f = await claimFixture();
    const { id } = await f.create('portability');
    await f.acknowledge(id, f.donor);
    expect(await rejectionOf(f.cancel(id, f.donor, 'FRAUD'))).toMatchObject({ field: 'reason' });
    const claim = await f.cancel(id, f.donor, 'USER_REQUESTED');
    expect(claim.snapshot).toMatchObject({ status: 'cancelled', reason: 'USER_REQUESTED' });
    expect(f.store.sentTo(f.claimer).at(-1)).toMatchObject({ status: 'cancelled' });
    expect((await f.pixKeys.findView('maria@example.com'))?.ispb).toBe(f.donor);
  });

  it('lets the donor keep an ownership-claimed key (USER_REQUESTED) or call it FRAUD', async () => {
    for (const reason of ['USER_REQUESTED', 'FRAUD']) {
      const f = await claimFixture();
      const { id } = await f.create('ownership', PHONE, OTHER_AT_B);
      await f.acknowledge(id, f.donor);
      expect((await f.cancel(id, f.donor, reason)).snapshot).toMatchObject({ status: 'cancelled', reason });
    }
  });

  it('lets the claimer cancel from any non-terminal state, but not the donor once it released the key', async () => {
    const f = await claimFixture();
    const { id } = await f.create('portability');
    await f.acknowledge(id, f.donor);
    await f.confirm(id, f.donor, 'USER_REQUESTED');
    expect(await rejectionOf(f.cancel(id, f.donor, 'USER_REQUESTED'))).toMatchObject({
      code: 'CLAIM.INVALID_TRANSITION',
    });
    expect((await f.cancel(id, f.claimer, 'FRAUD')).status).toBe('cancelled');
    expect(await rejectionOf(f.cancel(id, f.claimer, 'USER_REQUESTED'))).toMatchObject({
      code: 'CLAIM.INVALID_TRANSITION',
    });
  });

  it('refuses DEFAULT_OPERATION from a bank, and a bank not party', async () => {
    const f = await claimFixture();
    const { id } = await f.create('portability');
    expect(await rejectionOf(f.cancel(id, f.claimer, 'DEFAULT_OPERATION'))).toMatchObject({
      field: 'reason',
    });
    const { Bank } = await import('../../domain');
    await f.banks.add(Bank.register({ ispb: '44444444', name: 'Banco Ocre' }, f.clock.now()));
    expect(await rejectionOf(f.cancel(id, '44444444', 'USER_REQUESTED'))).toBeInstanceOf(ForbiddenError);
  });
});
