import { Bank, PreconditionError, ValidationError } from '../../domain';
import {
  BANK_B,
  BANK_C,
  directoryWithRegistration,
  PERSON,
  rejectionOf,
  UNREGISTERED_ISPB,
} from '../testing/directory-fixture';
import { InMemoryLookupAllowance } from '../testing/in-memory-lookup-allowance';
import { LOOKUP_POLICY } from '../testing/lookup-fixture';
import { FindPixKey } from './find-pix-key';
import { GetLookupAllowance } from './get-lookup-allowance';

async function setup() {
  const f = await directoryWithRegistration();
  await f.register('email', 'maria@example.com');
  await f.banks.add(
    Bank.register({ ispb: '44444444', name: 'Banco Pequeno', lookupCategory: 'H' }, f.clock.now()),
  );
  const allowance = new InMemoryLookupAllowance(f.clock);
  const find = new FindPixKey(f.banks, f.pixKeys, allowance, LOOKUP_POLICY);
  const get = new GetLookupAllowance(f.banks, allowance, LOOKUP_POLICY);
  return { ...f, find, get };
}

describe('GetLookupAllowance', () => {
  it('tells a bank its bucket, sized by its category, after its lookups and the refill since', async () => {
    const { find, get, clock } = await setup();
    const ispb = '44444444';
    await find.execute({ participantIspb: ispb, key: 'maria@example.com' });
    await rejectionOf(find.execute({ participantIspb: ispb, key: 'nobody@example.com' }));
    expect(await get.execute({ participantIspb: ispb })).toEqual({
      category: 'H',
      participant: { tokens: 16, capacity: 20, refillPerMinute: 6 },
      endUser: undefined,
    });
    clock.advance(25_000); // 2.5 tokens: whole ones are shown
    expect((await get.execute({ participantIspb: ispb })).participant.tokens).toBe(18);
  });

  it("tells an end user's bucket when the bank names one, and costs no token", async () => {
    const { find, get } = await setup();
    const call = { participantIspb: BANK_B.ispb, endUserTaxId: PERSON.ownerTaxId };
    await find.execute({ ...call, key: 'maria@example.com' });
    const first = await get.execute(call);
    expect(first).toEqual({
      category: LOOKUP_POLICY.defaultCategory,
      participant: { tokens: 9_999, ...LOOKUP_POLICY.categories.A },
      endUser: { tokens: 39, ...LOOKUP_POLICY.endUser.person },
    });
    expect(await get.execute(call)).toEqual(first);
  });

  it.each([
    [UNREGISTERED_ISPB, undefined, PreconditionError, 'BANK.NOT_REGISTERED'],
    [BANK_C.ispb, undefined, PreconditionError, 'BANK.INACTIVE'],
    [BANK_B.ispb, '42', ValidationError, 'VALIDATION.INVALID_FIELD'],
  ])('refuses bank %s with end user %j: %p %s', async (participantIspb, endUserTaxId, type, code) => {
    const { get } = await setup();
    const error = await rejectionOf(get.execute({ participantIspb, endUserTaxId }));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ code });
  });
});
