import { ForbiddenError, ValidationError } from '../../domain';
import { claimFixture } from '../testing/claim-fixture';
import { rejectionOf } from '../testing/directory-fixture';

describe('ConfirmClaim', () => {
  it('lets the donor release the key for USER_REQUESTED or ACCOUNT_CLOSURE; both banks hear', async () => {
    for (const reason of ['USER_REQUESTED', 'ACCOUNT_CLOSURE']) {
      const f = await claimFixture();
      const { id } = await f.create('portability');
      await f.acknowledge(id, f.donor);
      const claim = await f.confirm(id, f.donor, reason);
      expect(claim.snapshot).toMatchObject({ status: 'confirmed', reason });
      expect(f.store.sentTo(f.claimer).map((c) => c.status)).toEqual(['waiting_resolution', 'confirmed']);
      expect((await f.store.get(id))?.history[2]).toMatchObject({
        from: 'waiting_resolution',
        to: 'confirmed',
        reason,
      });
    }
  });

  it('refuses the claimer (PERMISSION_DENIED), another reason or none (reason), and an open claim', async () => {
    const f = await claimFixture();
    const { id } = await f.create(
      'ownership',
      undefined,
      (await import('../testing/claim-fixture')).OTHER_AT_B,
    );
    expect(await rejectionOf(f.confirm(id, f.donor, 'USER_REQUESTED'))).toMatchObject({
      code: 'CLAIM.INVALID_TRANSITION',
    });
    await f.acknowledge(id, f.donor);
    expect(await rejectionOf(f.confirm(id, f.claimer, 'USER_REQUESTED'))).toBeInstanceOf(ForbiddenError);
    for (const reason of ['FRAUD', 'DEFAULT_OPERATION', undefined, 'NONSENSE']) {
      const error = await rejectionOf(f.confirm(id, f.donor, reason));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'reason' });
    }
    expect((await f.store.get(id))?.claim.status).toBe('waiting_resolution');
  });
});
