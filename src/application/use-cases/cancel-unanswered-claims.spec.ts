import { claimFixture, EMAIL, OTHER_AT_B, PHONE, RESOLUTION_MS } from '../testing/claim-fixture';

describe('CancelUnansweredClaims', () => {
  it('cancels a portability left unanswered past its period, with DEFAULT_OPERATION, by the hub', async () => {
    const f = await claimFixture();
    const portability = await f.create('portability', EMAIL);
    const ownership = await f.create('ownership', PHONE, OTHER_AT_B);
    await f.acknowledge(portability.id, f.donor);
    await f.acknowledge(ownership.id, f.donor);
    f.clock.advance(RESOLUTION_MS - 1);
    expect(await f.sweep()).toBe(0);
    f.clock.advance(1);
    expect(await f.sweep()).toBe(1);
    const swept = await f.store.get(portability.id);
    expect(swept?.claim.snapshot).toMatchObject({ status: 'cancelled', reason: 'DEFAULT_OPERATION' });
    expect(swept?.history.at(-1)).toMatchObject({ by: 'hub', reason: 'DEFAULT_OPERATION', to: 'cancelled' });
    expect(f.store.sentTo(f.claimer).at(-1)).toMatchObject({ id: portability.id, status: 'cancelled' });
    // The ownership claim waits for its claimer, and the key stays at the donor.
    expect((await f.store.get(ownership.id))?.claim.status).toBe('waiting_resolution');
    expect((await f.pixKeys.findView(EMAIL))?.ispb).toBe(f.donor);
    expect(await f.sweep()).toBe(0);
  });
});
