import { vectors } from '../../../test/support/vectors';
import { NotFoundError, PreconditionError, ValidationError } from '../../domain';
import {
  BANK_A,
  BANK_B,
  BANK_C,
  COMPANY,
  deactivateStoredBank,
  directoryWithRegistration,
  PERSON,
  PERSON_AT_BANK_A_VIEW,
  rejectionOf,
  UNREGISTERED_ISPB,
} from '../testing/directory-fixture';
import { InMemoryLookupAllowance } from '../testing/in-memory-lookup-allowance';
import { LOOKUP_POLICY } from '../testing/lookup-fixture';
import { DeletePixKey } from './delete-pix-key';
import { FindPixKey } from './find-pix-key';

async function setup() {
  const f = await directoryWithRegistration();
  const allowance = new InMemoryLookupAllowance(f.clock);
  const findPixKey = new FindPixKey(f.banks, f.pixKeys, allowance, LOOKUP_POLICY);
  const find = (key: unknown, participantIspb: unknown = BANK_B.ispb) =>
    findPixKey.execute({ participantIspb, key });
  return { ...f, allowance, find, deletePixKey: new DeletePixKey(f.banks, f.pixKeys, f.clock) };
}

describe('FindPixKey', () => {
  it("returns the key's view to any active bank, with the owner's tax id masked", async () => {
    const { register, find, clock } = await setup();
    const createdAt = clock.now();
    await register('email', 'maria@example.com');
    clock.advance(60_000);
    const view = await find('maria@example.com');
    expect(view).toEqual({
      key: 'maria@example.com',
      kind: 'email',
      ...PERSON_AT_BANK_A_VIEW,
      createdAt,
    });
    expect(JSON.stringify(view)).not.toContain(PERSON.ownerTaxId);
  });

  it('lets the bank holding the key look it up too', async () => {
    const { register, find } = await setup();
    await register('phone', '+5511987654321');
    expect(await find('+5511987654321', BANK_A.ispb)).toMatchObject({ kind: 'phone', ispb: BANK_A.ispb });
  });

  it.each([
    ['cpf', PERSON.ownerTaxId, PERSON],
    ['cnpj', COMPANY.ownerTaxId, COMPANY],
    ['phone', '+5511987654321', PERSON],
  ])('finds a %s key by its value', async (kind, key, account) => {
    const { register, find } = await setup();
    await register(kind, key, account);
    expect(await find(key)).toMatchObject({ key, kind, ownerName: account.ownerName });
  });

  it('normalises email case: Maria@Example.COM finds maria@example.com', async () => {
    const { register, find } = await setup();
    await register('email', 'maria@example.com');
    expect((await find('Maria@Example.COM')).key).toBe('maria@example.com');
  });

  it('finds an evp key quoted in upper case', async () => {
    const { register, find } = await setup();
    const { key } = await register('evp', '');
    expect(await find(key.toUpperCase())).toMatchObject({ key, kind: 'evp' });
  });

  it('refuses an unknown key with PIX_KEY.NOT_FOUND', async () => {
    const { find } = await setup();
    const error = await rejectionOf(find('nobody@example.com'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'PIX_KEY.NOT_FOUND', kind: 'not_found' });
  });

  it('no longer finds a deleted key', async () => {
    const { register, find, deletePixKey } = await setup();
    await register('email', 'maria@example.com');
    await deletePixKey.execute({ ispb: BANK_A.ispb, key: 'maria@example.com' });
    expect(await rejectionOf(find('maria@example.com'))).toMatchObject({ code: 'PIX_KEY.NOT_FOUND' });
  });

  it('hides the keys of a deactivated bank: they lead nowhere', async () => {
    const { register, find, banks } = await setup();
    await register('email', 'maria@example.com');
    await deactivateStoredBank(banks, BANK_A.ispb);
    expect(await rejectionOf(find('maria@example.com'))).toMatchObject({ code: 'PIX_KEY.NOT_FOUND' });
  });

  const invalid = (['cpf', 'cnpj', 'email', 'phone'] as const).flatMap((kind) => vectors[kind].invalid);
  it.each([...invalid, undefined, 42, 'not a key'])(
    'refuses the malformed key %j on field key',
    async (key) => {
      const { find } = await setup();
      const error = await rejectionOf(find(key));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'key', code: 'VALIDATION.INVALID_FIELD' });
    },
  );

  it.each([
    ['an inactive bank', BANK_C.ispb, 'BANK.INACTIVE'],
    ['an unregistered bank', UNREGISTERED_ISPB, 'BANK.NOT_REGISTERED'],
  ])('refuses a lookup by %s', async (_, ispb, code) => {
    const { register, find } = await setup();
    await register('email', 'maria@example.com');
    const error = await rejectionOf(find('maria@example.com', ispb));
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error).toMatchObject({ code });
  });

  it('refuses a malformed calling ISPB on field ispb', async () => {
    const { find } = await setup();
    expect(await rejectionOf(find('maria@example.com', '123'))).toMatchObject({ field: 'ispb' });
  });
});
