import { BANK_ISPB, bankFixture, claimMessage, hubClaim, OTHER_ISPB } from './testing/bank-fixture';
import { claimSide, FAKE_RESOLUTION_MS } from './testing/fake-hub-claims';

const stored = (f: ReturnType<typeof bankFixture>, id: string) => f.uow.state.claims.get(id)?.props;

/** A bank that heard of a claim on its customer's key (account 1001), which the hub has open. */
async function asDonor() {
  const f = bankFixture();
  await f.funded(0n);
  const claim = hubClaim();
  f.hubClaims.add(claim);
  await f.apply.execute([claimMessage(claim)]);
  return { ...f, claim };
}

describe('AcknowledgeClaims', () => {
  it('acknowledges at the hub and records its answer, so the retry has nothing left', async () => {
    const f = await asDonor();
    expect(await f.acknowledgeClaims.execute(f.toAcknowledge.flat())).toEqual({
      acknowledged: 1,
      failed: [],
    });
    expect(stored(f, f.claim.id)).toMatchObject({
      status: 'waiting_resolution',
      resolutionEndsAt: new Date(f.clock.now().getTime() + FAKE_RESOLUTION_MS),
    });
    expect(await f.acknowledgeClaims.retryStored()).toEqual({ acknowledged: 0, failed: [] });
    expect(f.hubClaims.calls).toEqual([`acknowledge ${f.claim.id}`]);
  });

  it('leaves a claim open while the hub cannot be reached, and the retry acknowledges it later', async () => {
    const f = await asDonor();
    f.hubClaims.down = true;
    const failed = await f.acknowledgeClaims.execute([f.claim.id]);
    expect(failed).toEqual({ acknowledged: 0, failed: [{ claimId: f.claim.id, error: expect.any(String) }] });
    expect(stored(f, f.claim.id)?.status).toBe('open');
    f.hubClaims.down = false;
    expect((await f.acknowledgeClaims.retryStored()).acknowledged).toBe(1);
    expect(stored(f, f.claim.id)?.status).toBe('waiting_resolution');
  });

  it('catches up with a claim the hub moved meanwhile, so the retry stops asking', async () => {
    const f = await asDonor();
    f.clock.advance(1_000);
    await f.hubClaims.cancelClaim(f.claim.id, 'FRAUD');
    const report = await f.acknowledgeClaims.retryStored();
    expect(report.failed).toHaveLength(1);
    expect(stored(f, f.claim.id)).toMatchObject({ status: 'cancelled', reason: 'FRAUD' });
    expect((await f.acknowledgeClaims.retryStored()).failed).toEqual([]);
  });
});

describe('OpenClaim', () => {
  it("claims a key for the customer's account and records the claim, this bank the claimer", async () => {
    const f = bankFixture();
    const account = await f.funded(0n);
    f.hubClaims.keys.set('maria@example.com', claimSide(OTHER_ISPB, '7001'));
    const claim = await f.openClaim.execute(account.number, {
      kind: 'portability',
      key: 'maria@example.com',
    });
    expect(claim).toMatchObject({ status: 'open', claimer: { ispb: BANK_ISPB, number: account.number } });
    expect(stored(f, claim.id)).toMatchObject({
      claimerAccount: account.number,
      donorAccount: undefined,
      counterpartyIspb: OTHER_ISPB,
      status: 'open',
    });
    // A claimer has nothing to acknowledge.
    expect(await f.acknowledgeClaims.retryStored()).toEqual({ acknowledged: 0, failed: [] });
  });

  it.each([
    [{ kind: 'theft', key: 'maria@example.com' }, 'kind'],
    [{ kind: 'ownership' }, 'key'],
    [{ kind: 'ownership', key: ' ' }, 'key'],
  ])('refuses %j naming %s, asking the hub nothing', async (input, field) => {
    const f = bankFixture();
    const account = await f.funded(0n);
    await expect(f.openClaim.execute(account.number, input)).rejects.toMatchObject({ field });
    expect(f.hubClaims.calls).toEqual([]);
  });

  it('refuses an unknown or closed account', async () => {
    const f = bankFixture();
    const account = await f.funded(0n);
    const input = { kind: 'ownership', key: 'x@example.com' };
    await expect(f.openClaim.execute('999', input)).rejects.toMatchObject({ code: 'ACCOUNT.NOT_FOUND' });
    await f.closeAccount.execute(account.number);
    await expect(f.openClaim.execute(account.number, input)).rejects.toMatchObject({
      code: 'ACCOUNT.CLOSED',
    });
    expect(f.hubClaims.calls).toEqual([]);
  });
});

describe('ClaimSteps', () => {
  it('confirms for USER_REQUESTED unless told otherwise, and records the answer', async () => {
    const f = await asDonor();
    await f.acknowledgeClaims.execute([f.claim.id]);
    f.clock.advance(1_000);
    const confirmed = await f.claimSteps.confirm(f.claim.id.toUpperCase(), {});
    expect(confirmed).toMatchObject({ status: 'confirmed', reason: 'USER_REQUESTED' });
    expect(stored(f, f.claim.id)).toMatchObject({ status: 'confirmed', reason: 'USER_REQUESTED' });
    expect(f.hubClaims.calls).toContain(`confirm ${f.claim.id}`);
  });

  it('cancels with the reason given, and reads the hub view of a claim', async () => {
    const f = await asDonor();
    f.clock.advance(1_000);
    expect(await f.claimSteps.cancel(f.claim.id, { reason: 'FRAUD' })).toMatchObject({ status: 'cancelled' });
    expect((await f.claimSteps.get(f.claim.id)).reason).toBe('FRAUD');
    expect(stored(f, f.claim.id)?.status).toBe('cancelled');
  });

  it('refuses a reason it does not know, and an id that names no claim, asking the hub nothing', async () => {
    const f = await asDonor();
    await expect(f.claimSteps.cancel(f.claim.id, { reason: 'BORED' })).rejects.toMatchObject({
      field: 'reason',
    });
    await expect(f.claimSteps.complete('not-a-claim')).rejects.toMatchObject({ code: 'CLAIM.NOT_FOUND' });
    await expect(f.claimSteps.get('1')).rejects.toMatchObject({ code: 'CLAIM.NOT_FOUND' });
    expect(f.hubClaims.calls).toEqual([]);
  });
});
