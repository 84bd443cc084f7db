import { ForbiddenError, NotFoundError } from '../../domain';
import { claimFixture, RESOLUTION_MS } from '../testing/claim-fixture';
import { BANK_C, rejectionOf } from '../testing/directory-fixture';

describe('AcknowledgeClaim', () => {
  it('starts the resolution period and tells both banks', async () => {
    const f = await claimFixture();
    const { id } = await f.create('portability');
    f.clock.advance(1_000);
    const claim = await f.acknowledge(id, f.donor);
    expect(claim.snapshot).toMatchObject({
      status: 'waiting_resolution',
      resolutionEndsAt: new Date(f.clock.now().getTime() + RESOLUTION_MS),
    });
    expect(f.store.sentTo(f.claimer)).toEqual([
      expect.objectContaining({ id, status: 'waiting_resolution' }),
    ]);
    expect(f.store.sentTo(f.donor).map((c) => c.status)).toEqual(['open', 'waiting_resolution']);
    const history = (await f.store.get(id))?.history;
    expect(history?.[1]).toEqual({
      from: 'open',
      to: 'waiting_resolution',
      by: `bank:${f.donor}`,
      at: f.clock.now(),
    });
  });

  it('changes nothing when the donor acknowledges again', async () => {
    const f = await claimFixture();
    const { id } = await f.create('portability');
    await f.acknowledge(id, f.donor);
    f.clock.advance(5_000);
    const again = await f.acknowledge(id, f.donor);
    expect(again.status).toBe('waiting_resolution');
    expect((await f.store.get(id))?.history).toHaveLength(2);
    expect(f.store.sentTo(f.claimer)).toHaveLength(1);
  });

  it('is the donor bank only: the claimer and strangers are PERMISSION_DENIED', async () => {
    const f = await claimFixture();
    const { id } = await f.create('portability');
    expect(await rejectionOf(f.acknowledge(id, f.claimer))).toMatchObject({ code: 'CLAIM.NOT_PERMITTED' });
    const stranger = await rejectionOf(f.acknowledge(id, '33333333'));
    // Bank C is inactive: its standing is refused first; an active stranger is not party.
    expect(stranger).toMatchObject({ code: 'BANK.INACTIVE' });
    await f.banks.add(
      (await import('../../domain')).Bank.register({ ispb: '44444444', name: 'Banco Ocre' }, f.clock.now()),
    );
    const error = await rejectionOf(f.acknowledge(id, '44444444'));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'CLAIM.NOT_PARTY' });
    expect((await f.store.get(id))?.claim.status).toBe('open');
    expect(BANK_C.ispb).toBe('33333333');
  });

  it('answers NOT_FOUND for an unknown or malformed id', async () => {
    const f = await claimFixture();
    for (const id of ['00000000-0000-4000-a000-00000000ffff', 'not-a-claim', 42]) {
      expect(await rejectionOf(f.acknowledge(id, f.donor))).toBeInstanceOf(NotFoundError);
    }
  });
});
