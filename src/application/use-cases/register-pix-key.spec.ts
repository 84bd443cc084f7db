import { vectors } from '../../../test/support/vectors';
import { AlreadyExistsError, type DomainError, PreconditionError, ValidationError } from '../../domain';
import {
  BANK_A,
  BANK_B,
  BANK_C,
  COMPANY,
  directoryWithRegistration,
  PERSON,
  PERSON_AT_BANK_A_VIEW,
  rejectionOf,
  UNREGISTERED_ISPB,
} from '../testing/directory-fixture';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const OTHER_CPF = '12345678909';

async function setup() {
  const f = await directoryWithRegistration();
  const nothingStored = () => {
    expect(f.accounts.all()).toEqual([]);
    expect(f.pixKeys.all()).toEqual([]);
  };
  return { ...f, nothingStored };
}

async function expectRefusal(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => DomainError,
  expected: object,
): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(type);
  expect(error).toMatchObject(expected);
}

describe('RegisterPixKey: the five kinds', () => {
  it('registers the owner CPF as a cpf key and returns the lookup view with the tax id masked', async () => {
    const { register, clock } = await setup();
    expect(await register('cpf', PERSON.ownerTaxId)).toEqual({
      key: '52998224725',
      kind: 'cpf',
      ...PERSON_AT_BANK_A_VIEW,
      createdAt: clock.now(),
    });
  });

  it('registers a company CNPJ as a cnpj key at the calling bank', async () => {
    const { register } = await setup();
    expect(await register('cnpj', COMPANY.ownerTaxId, COMPANY, BANK_B.ispb)).toMatchObject({
      key: COMPANY.ownerTaxId,
      kind: 'cnpj',
      ownerTaxIdMasked: '11.222.333/****-**',
      ispb: BANK_B.ispb,
      bankName: BANK_B.name,
    });
  });

  // Each valid CPF/CNPJ vector is registered by an owner whose tax id it is, on an account of its own.
  const taxIds = [
    ...vectors.cpf.valid.map((value) => ['cpf', value, PERSON] as const),
    ...vectors.cnpj.valid.map((value) => ['cnpj', value, COMPANY] as const),
  ];
  it.each(taxIds)('accepts the valid %s vector %s as its owner key', async (kind, value, owner) => {
    const { register, pixKeys } = await setup();
    const account = { ...owner, number: value.slice(0, 8), ownerTaxId: value };
    expect(await register(kind, value, account)).toMatchObject({ key: value, kind });
    expect(await pixKeys.findActive(value)).not.toBeNull();
  });

  it.each([...vectors.email.valid.map((v) => [v, v]), ...Object.entries(vectors.email.normalised ?? {})])(
    'accepts the email %s, stored as %s',
    async (email, stored) => {
      const { register, pixKeys } = await setup();
      expect(await register('email', email)).toMatchObject({ key: stored, kind: 'email' });
      expect(pixKeys.all().map((r) => r.key)).toEqual([stored]);
    },
  );

  it.each(vectors.phone.valid)('accepts the phone %s unchanged', async (phone) => {
    const { register } = await setup();
    expect(await register('phone', phone)).toMatchObject({ key: phone, kind: 'phone' });
  });

  it.each([undefined, null, ''])('generates the evp key itself when the caller sends %j', async (value) => {
    const { register, pixKeys, ids } = await setup();
    const view = await register('evp', value);
    expect(view.kind).toBe('evp');
    expect(view.key).toMatch(UUID_V4);
    expect(ids.issued).toContain(view.key);
    expect(await pixKeys.findActive(view.key)).not.toBeNull();
    expect((await register('evp', value)).key).not.toBe(view.key);
  });
});

describe('RegisterPixKey: refusals, before anything is stored', () => {
  const invalid = (['cpf', 'cnpj', 'email', 'phone'] as const).flatMap((kind) =>
    vectors[kind].invalid.map((value) => [kind, value]),
  );
  it.each(invalid)('refuses the invalid %s vector %j on field key', async (kind, value) => {
    const { register, nothingStored } = await setup();
    await expectRefusal(register(kind, value, kind === 'cnpj' ? COMPANY : PERSON), ValidationError, {
      field: 'key',
      code: 'VALIDATION.INVALID_FIELD',
    });
    nothingStored();
  });

  it.each(['3f2c1b0a-9d8e-4f7a-8b6c-5d4e3f2a1b0c', 'anything'])(
    'refuses an evp value sent by the caller (%s)',
    async (value) => {
      const { register, nothingStored } = await setup();
      await expectRefusal(register('evp', value), ValidationError, { field: 'key' });
      nothingStored();
    },
  );

  it.each(['CPF', 'random', '', undefined])('refuses the kind %j on field kind', async (kind) => {
    const { register, nothingStored } = await setup();
    await expectRefusal(register(kind, 'maria@example.com'), ValidationError, { field: 'kind' });
    nothingStored();
  });

  it.each([
    ['account.type', { type: 'CHECKING' }],
    ['account.branch', { branch: '12345' }],
    ['account.number', { number: '' }],
    ['account.owner_name', { ownerName: '  ' }],
    ['account.owner_tax_id', { ownerTaxId: '52998224726' }],
  ])('refuses a bad %s', async (field, change) => {
    const { register, nothingStored } = await setup();
    await expectRefusal(register('email', 'maria@example.com', { ...PERSON, ...change }), ValidationError, {
      field,
    });
    nothingStored();
  });

  it.each([
    ['a cpf key that is not the owner CPF', 'cpf', OTHER_CPF, PERSON],
    ['a cpf key on a company account', 'cpf', PERSON.ownerTaxId, COMPANY],
    ['a cnpj key on a person account', 'cnpj', COMPANY.ownerTaxId, PERSON],
    ['a cnpj key that is not the owner CNPJ', 'cnpj', '07924402685981', COMPANY],
  ])('refuses %s with PIX_KEY.OWNER_MISMATCH', async (_, kind, key, account) => {
    const { register, nothingStored } = await setup();
    await expectRefusal(register(kind, key, account), PreconditionError, { code: 'PIX_KEY.OWNER_MISMATCH' });
    nothingStored();
  });

  it.each([
    ['an inactive bank', BANK_C.ispb, PreconditionError, { code: 'BANK.INACTIVE' }],
    ['an unregistered bank', UNREGISTERED_ISPB, PreconditionError, { code: 'BANK.NOT_REGISTERED' }],
    ['a malformed ISPB', '1234', ValidationError, { field: 'ispb' }],
  ])('refuses a call from %s', async (_, ispb, type, expected) => {
    const { register, nothingStored } = await setup();
    await expectRefusal(register('email', 'maria@example.com', PERSON, ispb), type, expected);
    nothingStored();
  });
});

describe('RegisterPixKey: accounts', () => {
  it('reuses the account with the same ISPB, branch and number', async () => {
    const { register, accounts, pixKeys } = await setup();
    await register('cpf', PERSON.ownerTaxId);
    await register('email', 'maria@example.com');
    expect(accounts.all()).toHaveLength(1);
    expect(new Set(pixKeys.all().map((r) => r.accountId))).toEqual(new Set([accounts.all()[0].id]));
  });

  it('refuses an account already held by another owner with ACCOUNT.OWNER_MISMATCH', async () => {
    const { register, accounts, pixKeys } = await setup();
    await register('email', 'maria@example.com');
    const other = { ...PERSON, ownerName: 'Joao Lima', ownerTaxId: OTHER_CPF };
    await expectRefusal(register('email', 'joao@example.com', other), PreconditionError, {
      code: 'ACCOUNT.OWNER_MISMATCH',
    });
    expect(accounts.all().map((a) => a.props.ownerTaxId.value)).toEqual([PERSON.ownerTaxId]);
    expect(pixKeys.all().map((r) => r.key)).toEqual(['maria@example.com']);
  });

  it('treats the same branch and number at another bank as another account', async () => {
    const { register, accounts } = await setup();
    await register('email', 'maria@example.com');
    const other = { ...PERSON, ownerName: 'Joao Lima', ownerTaxId: OTHER_CPF };
    expect(await register('cpf', OTHER_CPF, other, BANK_B.ispb)).toMatchObject({ ispb: BANK_B.ispb });
    expect(accounts.all()).toHaveLength(2);
  });
});

describe('RegisterPixKey: limits and uniqueness', () => {
  it.each([
    ['a person (CPF)', PERSON, 5],
    ['a company (CNPJ)', COMPANY, 20],
  ])('holds an account of %s to %i active keys: then PIX_KEY.LIMIT_REACHED', async (_, account, limit) => {
    const { register, pixKeys } = await setup();
    for (let i = 0; i < limit; i++) await register('evp', '', account);
    await expectRefusal(register('phone', '+5511987654321', account), PreconditionError, {
      code: 'PIX_KEY.LIMIT_REACHED',
    });
    expect(pixKeys.all()).toHaveLength(limit);
  });

  it('counts the limit per account, not per owner', async () => {
    const { register } = await setup();
    for (let i = 0; i < 5; i++) await register('evp', '');
    expect(await register('evp', '', { ...PERSON, number: '54321' })).toMatchObject({
      accountNumber: '54321',
    });
  });

  it('keeps concurrent registrations for a new account to one account and the limit', async () => {
    const { register, accounts, pixKeys } = await setup();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => register('evp', '')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(r.reason).toMatchObject({ code: 'PIX_KEY.LIMIT_REACHED' });
    }
    expect(accounts.all()).toHaveLength(1);
    expect(pixKeys.all()).toHaveLength(5);
  });

  it.each([
    ['at another bank', 'maria@example.com', BANK_B.ispb],
    ['differing only in case', 'MARIA@example.com', BANK_A.ispb],
  ])('refuses a key already active %s with PIX_KEY.ALREADY_EXISTS', async (_, email, ispb) => {
    const { register, pixKeys } = await setup();
    await register('email', 'maria@example.com');
    const account = { ...PERSON, number: '999' };
    await expectRefusal(register('email', email, account, ispb), AlreadyExistsError, {
      code: 'PIX_KEY.ALREADY_EXISTS',
    });
    expect(pixKeys.all()).toHaveLength(1);
  });

  it("refuses the owner's CPF a second time, even on another of the owner's accounts", async () => {
    const { register } = await setup();
    await register('cpf', PERSON.ownerTaxId);
    for (const account of [PERSON, { ...PERSON, number: '54321' }]) {
      await expectRefusal(register('cpf', PERSON.ownerTaxId, account), AlreadyExistsError, {
        code: 'PIX_KEY.ALREADY_EXISTS',
      });
    }
  });
});
