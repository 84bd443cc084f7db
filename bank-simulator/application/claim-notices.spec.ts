import {
  BANK_ISPB,
  bankFixture,
  claimMessage,
  hubClaim,
  hubMessage,
  OTHER_ISPB,
  otherBankId,
} from './testing/bank-fixture';
import { claimSide } from './testing/fake-hub-claims';

const later = (claim: ReturnType<typeof hubClaim>, ms: number) => new Date(claim.updatedAt.getTime() + ms);
const stored = (f: ReturnType<typeof bankFixture>, id: string) => f.uow.state.claims.get(id)?.props;

describe('ApplyBankMessages, claim notices', () => {
  it('records a claim this bank is donor of, and asks for it to be acknowledged once committed', async () => {
    const f = bankFixture();
    const open = hubClaim();
    expect(await f.apply.execute([claimMessage(open)])).toEqual({
      applied: 1,
      notices: [],
      outgoingFinished: 0,
    });
    expect(stored(f, open.id)).toEqual({
      id: open.id,
      kind: 'portability',
      keyKind: 'email',
      key: 'maria@example.com',
      status: 'open',
      reason: undefined,
      claimerAccount: undefined,
      donorAccount: '1001',
      counterpartyIspb: OTHER_ISPB,
      resolutionEndsAt: undefined,
      createdAt: open.createdAt,
      updatedAt: open.updatedAt,
    });
    expect(f.toAcknowledge).toEqual([[open.id]]);
    // Nothing goes to the hub on Kafka for a claim: the acknowledgement is a call.
    expect(f.uow.takeOutbox()).toEqual([]);
  });

  it('follows the claim as the hub moves it; a late or repeated notice changes nothing', async () => {
    const f = bankFixture();
    const open = hubClaim();
    const waiting = { ...open, status: 'waiting_resolution' as const, updatedAt: later(open, 1_000) };
    const resolutionEndsAt = later(open, 86_400_000);
    await f.apply.execute([claimMessage(open), claimMessage({ ...waiting, resolutionEndsAt })]);
    // The batch leaves it waiting: nothing is left to acknowledge.
    expect(f.toAcknowledge).toEqual([]);
    expect(stored(f, open.id)).toMatchObject({ status: 'waiting_resolution', resolutionEndsAt });
    // The opening again, under a new message id, is older than what is stored.
    await f.apply.execute([claimMessage(open)]);
    expect(stored(f, open.id)?.status).toBe('waiting_resolution');
    const cancelled = { ...waiting, status: 'cancelled' as const, reason: 'USER_REQUESTED' as const };
    await f.apply.execute([claimMessage(cancelled)]);
    expect(stored(f, open.id)).toMatchObject({ status: 'cancelled', reason: 'USER_REQUESTED' });
    // Two steps at one time: the one further along stays, whichever comes last.
    await f.apply.execute([claimMessage(waiting)]);
    expect(stored(f, open.id)?.status).toBe('cancelled');
  });

  it('applies a notice once however often it is delivered (the inbox), in the batch of the transfers', async () => {
    const f = bankFixture();
    const creditor = await f.funded(0n, 'Joao');
    const pending = hubMessage({
      endToEndId: otherBankId(1),
      status: 'pending',
      creditorAccount: { branch: '0001', number: creditor.number },
    });
    const notice = claimMessage(hubClaim({ donor: claimSide(BANK_ISPB, creditor.number) }));
    expect((await f.apply.execute([pending, notice, notice])).applied).toBe(2);
    expect((await f.apply.execute([notice])).applied).toBe(0);
    expect(f.toAcknowledge).toHaveLength(1);
    expect(f.uow.takeOutbox()).toMatchObject([{ kind: 'reply', reply: 'confirmed' }]);
    expect(f.uow.state.claims.size).toBe(1);
  });

  it('records both sides of an ownership claim between two customers of this bank', async () => {
    const f = bankFixture();
    const claim = hubClaim({
      kind: 'ownership',
      claimer: claimSide(BANK_ISPB, '1002'),
      donor: claimSide(BANK_ISPB, '1001'),
    });
    await f.apply.execute([claimMessage(claim)]);
    expect(stored(f, claim.id)).toMatchObject({
      claimerAccount: '1002',
      donorAccount: '1001',
      counterpartyIspb: BANK_ISPB,
    });
    const record = f.uow.state.claims.get(claim.id);
    expect([record?.roleOf('1001'), record?.roleOf('1002'), record?.roleOf('1003')]).toEqual([
      'donor',
      'claimer',
      undefined,
    ]);
  });

  it('ignores, with a warning, a claim this bank is on neither side of', async () => {
    const f = bankFixture();
    const claim = hubClaim({ donor: claimSide('33333333', '1') });
    const report = await f.apply.execute([claimMessage(claim, 'm-elsewhere')]);
    expect(report.notices).toMatchObject([{ level: 'warn', messageId: 'm-elsewhere', claimId: claim.id }]);
    expect(f.uow.state.claims.size).toBe(0);
    expect(f.toAcknowledge).toEqual([]);
  });

  it('dead-letters a poison message beside a claim notice, and still records the claim', async () => {
    const f = bankFixture();
    const claim = hubClaim();
    const poison = {
      ...claimMessage(claim),
      kind: 'poison' as const,
      reason: 'INVALID_FIELD: claim.id: bad',
    };
    await f.apply.execute([poison, claimMessage(claim)]);
    expect(f.uow.takeOutbox()).toMatchObject([
      { kind: 'dead-letter', reason: 'INVALID_FIELD: claim.id: bad' },
    ]);
    expect(stored(f, claim.id)?.status).toBe('open');
  });
});

describe('BankQueries.claims', () => {
  it("lists an account's claims newest first, each with the account's side", async () => {
    const f = bankFixture();
    const account = await f.funded(0n);
    const first = hubClaim({ donor: claimSide(BANK_ISPB, account.number) });
    const second = hubClaim({
      id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      claimer: claimSide(BANK_ISPB, account.number),
      donor: claimSide(OTHER_ISPB, '55'),
      createdAt: later(first, 60_000),
      updatedAt: later(first, 60_000),
    });
    await f.apply.execute([claimMessage(first), claimMessage(second)]);
    const listed = await f.queries.claims(account.number);
    expect(listed.map((c) => [c.id, c.roleOf(account.number)])).toEqual([
      [second.id, 'claimer'],
      [first.id, 'donor'],
    ]);
    await expect(f.queries.claims('999')).rejects.toMatchObject({ code: 'ACCOUNT.NOT_FOUND' });
  });
});
