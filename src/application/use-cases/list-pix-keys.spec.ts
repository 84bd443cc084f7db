import { PreconditionError, ValidationError } from '../../domain';
import {
  BANK_A,
  BANK_B,
  BANK_C,
  directoryWithRegistration,
  PERSON,
  PERSON_AT_BANK_A_VIEW,
  rejectionOf,
  UNREGISTERED_ISPB,
} from '../testing/directory-fixture';
import { DeletePixKey } from './delete-pix-key';
import { ListPixKeys } from './list-pix-keys';

async function setup() {
  const f = await directoryWithRegistration();
  const listPixKeys = new ListPixKeys(f.banks, f.pixKeys);
  const list = (
    branch: unknown = PERSON.branch,
    accountNumber: unknown = PERSON.number,
    ispb: unknown = BANK_A.ispb,
  ) => listPixKeys.execute({ ispb, branch, accountNumber });
  return { ...f, list, deletePixKey: new DeletePixKey(f.banks, f.pixKeys, f.clock) };
}

describe('ListPixKeys', () => {
  it("lists the account's active keys as views, oldest first", async () => {
    const { register, list, clock } = await setup();
    const first = clock.now();
    await register('phone', '+5511987654321');
    clock.advance(1_000);
    await register('cpf', PERSON.ownerTaxId);
    clock.advance(1_000);
    await register('email', 'maria@example.com');

    const views = await list();
    expect(views.map((v) => [v.kind, v.key])).toEqual([
      ['phone', '+5511987654321'],
      ['cpf', PERSON.ownerTaxId],
      ['email', 'maria@example.com'],
    ]);
    expect(views[0]).toEqual({
      key: '+5511987654321',
      kind: 'phone',
      ...PERSON_AT_BANK_A_VIEW,
      createdAt: first,
    });
  });

  it("leaves out deleted keys and other accounts' keys", async () => {
    const { register, list, deletePixKey } = await setup();
    await register('email', 'maria@example.com');
    await register('phone', '+5511987654321');
    await register('evp', '', { ...PERSON, number: '54321' });
    await register('evp', '', { ...PERSON, branch: '0002' });
    await register('evp', '', PERSON, BANK_B.ispb);
    await deletePixKey.execute({ ispb: BANK_A.ispb, key: '+5511987654321' });
    expect((await list()).map((v) => v.key)).toEqual(['maria@example.com']);
  });

  it('shows a bank only its own accounts: the same branch and number elsewhere is another account', async () => {
    const { register, list } = await setup();
    await register('email', 'maria@example.com');
    expect(await list(PERSON.branch, PERSON.number, BANK_B.ispb)).toEqual([]);
    await register('phone', '+5511987654321', PERSON, BANK_B.ispb);
    expect((await list(PERSON.branch, PERSON.number, BANK_B.ispb)).map((v) => v.key)).toEqual([
      '+5511987654321',
    ]);
  });

  it('returns an empty list for an account the hub does not know', async () => {
    const { list } = await setup();
    expect(await list('9999', '1')).toEqual([]);
  });

  it.each([
    ['branch', '12345', PERSON.number],
    ['branch', '', PERSON.number],
    ['branch', 'ab', PERSON.number],
    ['account_number', PERSON.branch, ''],
    ['account_number', PERSON.branch, '12-3'],
    ['account_number', PERSON.branch, '1'.repeat(21)],
  ])('refuses a malformed %s', async (field, branch, accountNumber) => {
    const { list } = await setup();
    const error = await rejectionOf(list(branch, accountNumber));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field, code: 'VALIDATION.INVALID_FIELD' });
  });

  it.each([
    ['an inactive bank', BANK_C.ispb, 'BANK.INACTIVE'],
    ['an unregistered bank', UNREGISTERED_ISPB, 'BANK.NOT_REGISTERED'],
  ])('refuses a listing by %s', async (_, ispb, code) => {
    const { list } = await setup();
    const error = await rejectionOf(list(PERSON.branch, PERSON.number, ispb));
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error).toMatchObject({ code });
  });

  it('refuses a malformed calling ISPB on field ispb', async () => {
    const { list } = await setup();
    expect(await rejectionOf(list(PERSON.branch, PERSON.number, 'x'))).toMatchObject({ field: 'ispb' });
  });
});
