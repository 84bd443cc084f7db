import { Bank, ExhaustedError, ValidationError } from '../../domain';
import type { PixKeyRepository } from '../ports/pix-key-repository';
import {
  BANK_B,
  COMPANY,
  directoryWithRegistration,
  PERSON,
  rejectionOf,
  UNREGISTERED_ISPB,
} from '../testing/directory-fixture';
import { InMemoryLookupAllowance } from '../testing/in-memory-lookup-allowance';
import { LOOKUP_POLICY } from '../testing/lookup-fixture';
import { FindPixKey } from './find-pix-key';

/** A bank of category H: 20 tokens, 6 a minute (one every 10 s). */
const SMALL_BANK = { ispb: '44444444', name: 'Banco Pequeno', lookupCategory: 'H' };
const [A, H] = [LOOKUP_POLICY.categories.A, LOOKUP_POLICY.categories.H];
const PERSON_LIMITS = LOOKUP_POLICY.endUser.person;
const KEY = 'maria@example.com';
const MISSING = 'nobody@example.com';

async function setup(pixKeys?: (real: PixKeyRepository) => PixKeyRepository) {
  const f = await directoryWithRegistration();
  await f.register('email', KEY);
  await f.banks.add(Bank.register(SMALL_BANK, f.clock.now()));
  const allowance = new InMemoryLookupAllowance(f.clock);
  const findPixKey = new FindPixKey(f.banks, pixKeys?.(f.pixKeys) ?? f.pixKeys, allowance, LOOKUP_POLICY);
  const find = (key: unknown, participantIspb: unknown = BANK_B.ispb, endUserTaxId?: unknown) =>
    findPixKey.execute({ participantIspb, endUserTaxId, key });
  const bankTokens = (ispb = BANK_B.ispb, limits = A) => allowance.tokens(`participant:${ispb}`, limits);
  const userTokens = (taxId = PERSON.ownerTaxId) => allowance.tokens(`end-user:${taxId}`, PERSON_LIMITS);
  return { ...f, allowance, find, bankTokens, userTokens };
}

describe('FindPixKey, token buckets', () => {
  it("takes 1 token from the bank's bucket for a found key, 3 for a miss", async () => {
    const { find, bankTokens } = await setup();
    await find(KEY);
    expect(bankTokens()).toBe(A.capacity - 1);
    await rejectionOf(find(MISSING));
    expect(bankTokens()).toBe(A.capacity - 1 - 3);
  });

  it("takes 1 token from the end user's bucket for a found key, 20 for a miss", async () => {
    const { find, userTokens, bankTokens } = await setup();
    await find(KEY, BANK_B.ispb, PERSON.ownerTaxId);
    expect(userTokens()).toBe(PERSON_LIMITS.capacity - 1);
    await rejectionOf(find(MISSING, BANK_B.ispb, PERSON.ownerTaxId));
    expect(userTokens()).toBe(PERSON_LIMITS.capacity - 21);
    expect(bankTokens()).toBe(A.capacity - 4);
  });

  it('sizes a company end user by the company limits', async () => {
    const f = await setup();
    await f.find(KEY, BANK_B.ispb, COMPANY.ownerTaxId);
    const company = LOOKUP_POLICY.endUser.company;
    expect(f.allowance.tokens(`end-user:${COMPANY.ownerTaxId}`, company)).toBe(company.capacity - 1);
  });

  it('refuses a scraper that used up its bucket, found key or not, and says when to retry', async () => {
    const { find, bankTokens, clock } = await setup();
    for (let i = 0; i < 6; i++) await rejectionOf(find(`nobody${i}@example.com`, SMALL_BANK.ispb));
    expect(bankTokens(SMALL_BANK.ispb, H)).toBe(2);
    for (const key of [MISSING, KEY]) {
      const error = await rejectionOf(find(key, SMALL_BANK.ispb));
      expect(error).toBeInstanceOf(ExhaustedError);
      // One token short at 6 a minute: 10 s.
      expect(error).toMatchObject({ code: 'LOOKUP.PARTICIPANT_RATE_LIMITED', retryAfterMs: 10_000 });
      expect(error.message).toBe('bank 44444444 has used up its lookups: retry in 10 s');
    }
    expect(bankTokens(SMALL_BANK.ispb, H)).toBe(2);
    clock.advance(9_999);
    expect(await rejectionOf(find(KEY, SMALL_BANK.ispb))).toMatchObject({ retryAfterMs: 1 });
    clock.advance(1);
    expect((await find(KEY, SMALL_BANK.ispb)).key).toBe(KEY);
  });

  it('refuses an end user who used up theirs, masks the tax id, and charges the bank nothing', async () => {
    const { find, bankTokens, userTokens } = await setup();
    await rejectionOf(find(MISSING, BANK_B.ispb, PERSON.ownerTaxId));
    await rejectionOf(find(MISSING, BANK_B.ispb, PERSON.ownerTaxId));
    const before = bankTokens();
    const error = await rejectionOf(find(KEY, BANK_B.ispb, PERSON.ownerTaxId));
    expect(error).toMatchObject({ code: 'LOOKUP.END_USER_RATE_LIMITED', kind: 'exhausted' });
    // 20 tokens needed at 2 a minute: ten minutes.
    expect((error as ExhaustedError).retryAfterMs).toBe(600_000);
    expect(error.message).toBe('end user ***.982.247-** has used up its lookups: retry in 600 s');
    expect(bankTokens()).toBe(before);
    expect(userTokens()).toBe(0);
    // Another end user of the same bank is not held back.
    expect((await find(KEY, BANK_B.ispb, '11144477735')).key).toBe(KEY);
  });

  it.each([
    ['a malformed key', () => ['not a key', BANK_B.ispb, undefined]],
    ['an unregistered bank', () => [KEY, UNREGISTERED_ISPB, undefined]],
    ['a malformed end user tax id', () => [KEY, BANK_B.ispb, '123']],
  ])('costs nothing when refused for %s', async (_, args) => {
    const { find, bankTokens, userTokens } = await setup();
    const [key, ispb, endUser] = args();
    await rejectionOf(find(key, ispb, endUser));
    expect([bankTokens(), userTokens()]).toEqual([A.capacity, PERSON_LIMITS.capacity]);
  });

  it('names the metadata when the end user tax id is malformed', async () => {
    const { find } = await setup();
    const error = await rejectionOf(find(KEY, BANK_B.ispb, '12345678900'));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'codepix-end-user' });
  });

  it('gives the whole reservation back when the lookup itself fails', async () => {
    const outage = new Error('connection terminated');
    const { find, bankTokens } = await setup((real) => ({
      ...real,
      findView: () => Promise.reject(outage),
    }));
    await expect(find(KEY)).rejects.toBe(outage);
    expect(bankTokens()).toBe(A.capacity);
  });

  it('sizes a bank whose category the table no longer lists by the default category', async () => {
    const { find, banks, bankTokens, clock } = await setup();
    const listed = Bank.register({ ispb: '55555555', name: 'Banco Antigo' }, clock.now());
    await banks.add(Bank.restore({ ...listed.snapshot, lookupCategory: 'Q' }));
    await find(KEY, '55555555');
    expect(bankTokens('55555555', A)).toBe(A.capacity - 1);
  });
});
