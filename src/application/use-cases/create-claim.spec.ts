import { AlreadyExistsError, NotFoundError, PreconditionError, ValidationError } from '../../domain';
import { claimFixture, EMAIL, OTHER_AT_B, PERSON_AT_B, PHONE } from '../testing/claim-fixture';
import { BANK_A, BANK_C, COMPANY, PERSON, rejectionOf } from '../testing/directory-fixture';

describe('CreateClaim', () => {
  it('opens a portability claim on an active key and tells only the donor bank', async () => {
    const f = await claimFixture();
    const claim = await f.create('portability', 'Maria@Example.COM');
    expect(claim.snapshot).toMatchObject({
      kind: 'portability',
      keyKind: 'email',
      key: EMAIL,
      status: 'open',
    });
    expect(claim.snapshot.claimer.props).toMatchObject({
      ispb: expect.objectContaining({ value: f.claimer }),
      number: '555',
    });
    expect(f.store.sentTo(f.donor)).toEqual([expect.objectContaining({ id: claim.id, status: 'open' })]);
    expect(f.store.sentTo(f.claimer)).toEqual([]);
    const stored = await f.store.get(claim.id);
    expect(stored?.history).toEqual([{ from: null, to: 'open', by: `bank:${f.claimer}`, at: f.clock.now() }]);
    // The key has not moved.
    expect((await f.pixKeys.findView(EMAIL))?.ispb).toBe(BANK_A.ispb);
  });

  it('opens an ownership claim on a phone key for another person', async () => {
    const f = await claimFixture();
    const claim = await f.create('ownership', PHONE, OTHER_AT_B);
    expect(claim.snapshot).toMatchObject({ kind: 'ownership', keyKind: 'phone', status: 'open' });
  });

  it('refuses an evp key, naming the kind, and stores nothing', async () => {
    const f = await claimFixture();
    const evp = await f.register('evp', '');
    for (const kind of ['portability', 'ownership']) {
      const error = await rejectionOf(
        f.create(kind, evp.key, kind === 'portability' ? PERSON_AT_B : OTHER_AT_B),
      );
      expect(error).toBeInstanceOf(PreconditionError);
      expect(error).toMatchObject({
        code: 'CLAIM.KEY_NOT_CLAIMABLE',
        message: expect.stringContaining('evp'),
      });
    }
    expect(f.store.rows.size).toBe(0);
    expect(f.store.sent).toEqual([]);
  });

  it('refuses a portability to another owner and an ownership claim by the owner', async () => {
    const f = await claimFixture();
    expect(await rejectionOf(f.create('portability', EMAIL, OTHER_AT_B))).toMatchObject({
      code: 'CLAIM.OWNER_MISMATCH',
    });
    expect(await rejectionOf(f.create('ownership', EMAIL, PERSON_AT_B))).toMatchObject({
      code: 'CLAIM.SAME_OWNER',
    });
  });

  it('allows one open claim per key: ALREADY_EXISTS for a second, a new one once it ended', async () => {
    const f = await claimFixture();
    const first = await f.create('portability');
    const error = await rejectionOf(f.create('ownership', EMAIL, OTHER_AT_B));
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect(error).toMatchObject({ code: 'CLAIM.ALREADY_OPEN' });
    await f.cancel(first.id, f.claimer, 'USER_REQUESTED');
    expect((await f.create('ownership', EMAIL, OTHER_AT_B)).status).toBe('open');
  });

  it("respects the claimer account's key limit", async () => {
    const f = await claimFixture();
    // João's account at B holds the 5 keys a person may have.
    for (const key of ['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com', 'e@x.com']) {
      await f.register('email', key, OTHER_AT_B, f.claimer);
    }
    expect(await rejectionOf(f.create('ownership', PHONE, OTHER_AT_B))).toMatchObject({
      code: 'PIX_KEY.LIMIT_REACHED',
    });
    expect(f.store.rows.size).toBe(0);
  });

  it('refuses unknown keys, bad input naming the field, and an inactive caller', async () => {
    const f = await claimFixture();
    expect(await rejectionOf(f.create('portability', 'nobody@example.com'))).toBeInstanceOf(NotFoundError);
    expect(await rejectionOf(f.create('theft'))).toMatchObject({ field: 'kind' });
    const badAccount = await rejectionOf(f.create('portability', EMAIL, { ...PERSON_AT_B, branch: 'x' }));
    expect(badAccount).toBeInstanceOf(ValidationError);
    expect(badAccount).toMatchObject({ field: 'account.branch' });
    expect(await rejectionOf(f.create('portability', EMAIL, PERSON_AT_B, BANK_C.ispb))).toMatchObject({
      code: 'BANK.INACTIVE',
    });
    // An account the bank already told the hub of under another owner.
    await f.register('cnpj', COMPANY.ownerTaxId, COMPANY, f.claimer);
    const taken = { ...PERSON, number: COMPANY.number };
    expect(await rejectionOf(f.create('portability', EMAIL, taken))).toMatchObject({
      code: 'ACCOUNT.OWNER_MISMATCH',
    });
  });
});
