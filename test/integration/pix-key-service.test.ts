import { status } from '@grpc/grpc-js';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import type { Account, PixKey, RegisterPixKeyRequest } from '../../src/gen/codepix/v1/pix_key';
import { call, callError, trailer } from '../support/grpc-call';
import { startTestHub, type TestHub } from '../support/test-hub';
import { vectors } from '../support/vectors';

const BANK = '11111111';
const OTHER_BANK = '22222222';
const [PERSON_CPF, OTHER_CPF, THIRD_CPF, FOURTH_CPF] = vectors.cpf.valid;
const [COMPANY_CNPJ] = vectors.cnpj.valid;

let t: TestHub;
let accountSeq = 0;

const personAccount = (ownerTaxId = PERSON_CPF): Account => ({
  branch: '0001',
  number: String(++accountSeq),
  type: AccountType.ACCOUNT_TYPE_CACC,
  ownerName: 'Maria Souza',
  ownerTaxId,
});

/** BANK registering an email key, but for what `req` says. */
const registration = (req: Partial<RegisterPixKeyRequest>): RegisterPixKeyRequest => ({
  ispb: BANK,
  kind: KeyKind.KEY_KIND_EMAIL,
  key: '',
  account: undefined,
  ...req,
});
const register = (req: Partial<RegisterPixKeyRequest>) =>
  call(t.keys, t.keys.registerPixKey, registration(req));
const registerError = (req: Partial<RegisterPixKeyRequest>) =>
  callError(t.keys, t.keys.registerPixKey, registration(req));
const find = (key: string, ispb = BANK) => call(t.keys, t.keys.findPixKey, { ispb, key });
const findError = (key: string, ispb = BANK) => callError(t.keys, t.keys.findPixKey, { ispb, key });

beforeAll(async () => {
  t = await startTestHub('keys');
  await call(t.banks, t.banks.registerBank, { ispb: BANK, name: 'Banco Azul' });
  await call(t.banks, t.banks.registerBank, { ispb: OTHER_BANK, name: 'Banco Verde' });
});
afterAll(() => t.stop());

describe('banks', () => {
  it('refuses a taken ISPB with ALREADY_EXISTS and a bad one with INVALID_ARGUMENT naming ispb', async () => {
    expect((await callError(t.banks, t.banks.registerBank, { ispb: BANK, name: 'Again' })).code).toBe(
      status.ALREADY_EXISTS,
    );
    const bad = await callError(t.banks, t.banks.registerBank, { ispb: '123', name: 'Short' });
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(trailer(bad.metadata, 'codepix-field')).toBe('ispb');
  });

  it('lists registered banks', async () => {
    const { banks } = await call(t.banks, t.banks.listBanks, {});
    expect(banks.map((b) => [b.ispb, b.name, b.active])).toEqual(
      expect.arrayContaining([
        [BANK, 'Banco Azul', true],
        [OTHER_BANK, 'Banco Verde', true],
      ]),
    );
  });

  it('an unregistered or deactivated bank cannot use the directory', async () => {
    const unknown = await registerError({ ispb: '99999999', key: 'x@example.com', account: personAccount() });
    expect(unknown.code).toBe(status.FAILED_PRECONDITION);
    await call(t.banks, t.banks.registerBank, { ispb: '33333333', name: 'Banco Fechado' });
    const closed = await call(t.banks, t.banks.deactivateBank, { ispb: '33333333' });
    expect(closed.active).toBe(false);
    const refused = await registerError({ ispb: '33333333', key: 'y@example.com', account: personAccount() });
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    expect(trailer(refused.metadata, 'codepix-error-code')).toBe('BANK.INACTIVE');
    expect((await callError(t.banks, t.banks.deactivateBank, { ispb: '44444444' })).code).toBe(
      status.NOT_FOUND,
    );
  });
});

describe('registering keys', () => {
  it('registers keys of all five kinds and finds each with the owner masked', async () => {
    const person = personAccount();
    const company: Account = { ...personAccount(COMPANY_CNPJ), ownerName: 'Padaria Ltda' };
    const made: PixKey[] = [
      await register({ kind: KeyKind.KEY_KIND_CPF, key: PERSON_CPF, account: person }),
      await register({ kind: KeyKind.KEY_KIND_EMAIL, key: 'Maria@Example.COM', account: person }),
      await register({ kind: KeyKind.KEY_KIND_PHONE, key: vectors.phone.valid[0], account: person }),
      await register({ kind: KeyKind.KEY_KIND_EVP, account: person }),
      await register({ kind: KeyKind.KEY_KIND_CNPJ, key: COMPANY_CNPJ, account: company }),
    ];
    expect(made[1].key).toBe(vectors.email.normalised['Maria@Example.COM']);
    expect(made[3].key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const key of made) expect(await find(key.key, OTHER_BANK)).toEqual(key);

    const found = await find('MARIA@example.com');
    expect(found).toMatchObject({
      kind: KeyKind.KEY_KIND_EMAIL,
      ownerName: 'Maria Souza',
      ownerTaxIdMasked: `***.${PERSON_CPF.slice(3, 6)}.${PERSON_CPF.slice(6, 9)}-**`,
      ispb: BANK,
      bankName: 'Banco Azul',
      branch: '0001',
      accountNumber: person.number,
      accountType: AccountType.ACCOUNT_TYPE_CACC,
    });
    expect(found.createdAt).toBeInstanceOf(Date);
    expect(JSON.stringify(found)).not.toContain(PERSON_CPF);

    const { keys } = await call(t.keys, t.keys.listPixKeys, {
      ispb: BANK,
      branch: '0001',
      accountNumber: person.number,
    });
    expect(keys.map((k) => k.key).sort()).toEqual(
      made
        .slice(0, 4)
        .map((k) => k.key)
        .sort(),
    );
  });

  it.each([
    ['cpf', KeyKind.KEY_KIND_CPF, vectors.cpf.invalid],
    ['cnpj', KeyKind.KEY_KIND_CNPJ, vectors.cnpj.invalid],
    ['email', KeyKind.KEY_KIND_EMAIL, vectors.email.invalid],
    ['phone', KeyKind.KEY_KIND_PHONE, vectors.phone.invalid],
  ])(
    'refuses every invalid %s vector with INVALID_ARGUMENT naming the key field',
    async (_name, kind, invalid) => {
      for (const key of invalid) {
        const error = await registerError({ kind, key, account: personAccount() });
        expect([key, error.code]).toEqual([key, status.INVALID_ARGUMENT]);
        expect(trailer(error.metadata, 'codepix-field')).toBe('key');
      }
    },
  );

  it('names the account field that is wrong', async () => {
    const cases: [Partial<Account> | undefined, string][] = [
      [{ branch: '12345' }, 'account.branch'],
      [{ number: 'abc' }, 'account.number'],
      [{ type: AccountType.ACCOUNT_TYPE_UNSPECIFIED }, 'account.type'],
      [{ ownerName: ' ' }, 'account.owner_name'],
      [{ ownerTaxId: vectors.cpf.invalid[2] }, 'account.owner_tax_id'],
    ];
    for (const [change, field] of cases) {
      const error = await registerError({ key: 'z@example.com', account: { ...personAccount(), ...change } });
      expect([field, error.code, trailer(error.metadata, 'codepix-field')]).toEqual([
        field,
        status.INVALID_ARGUMENT,
        field,
      ]);
    }
    const noKind = await registerError({
      kind: KeyKind.KEY_KIND_UNSPECIFIED,
      key: 'k@example.com',
      account: personAccount(),
    });
    expect(trailer(noKind.metadata, 'codepix-field')).toBe('kind');
    const evpWithValue = await registerError({
      kind: KeyKind.KEY_KIND_EVP,
      key: 'mine',
      account: personAccount(),
    });
    expect([evpWithValue.code, trailer(evpWithValue.metadata, 'codepix-field')]).toEqual([
      status.INVALID_ARGUMENT,
      'key',
    ]);
  });

  it('refuses a key already active anywhere with ALREADY_EXISTS, and takes it again once deleted', async () => {
    await register({ key: 'dup@example.com', account: personAccount() });
    const error = await registerError({
      ispb: OTHER_BANK,
      key: 'dup@example.com',
      account: personAccount(OTHER_CPF),
    });
    expect(error.code).toBe(status.ALREADY_EXISTS);
    await call(t.keys, t.keys.deletePixKey, { ispb: BANK, key: 'dup@example.com' });
    expect((await findError('dup@example.com')).code).toBe(status.NOT_FOUND);
    const again = await register({
      ispb: OTHER_BANK,
      key: 'dup@example.com',
      account: personAccount(OTHER_CPF),
    });
    expect(again.ispb).toBe(OTHER_BANK);
  });

  it('refuses a CPF or CNPJ key that is not the owner’s', async () => {
    const mismatch = await registerError({
      kind: KeyKind.KEY_KIND_CPF,
      key: OTHER_CPF,
      account: personAccount(),
    });
    expect([mismatch.code, trailer(mismatch.metadata, 'codepix-error-code')]).toEqual([
      status.FAILED_PRECONDITION,
      'PIX_KEY.OWNER_MISMATCH',
    ]);
    const cnpjOnPerson = await registerError({
      kind: KeyKind.KEY_KIND_CNPJ,
      key: COMPANY_CNPJ,
      account: personAccount(),
    });
    expect(cnpjOnPerson.code).toBe(status.FAILED_PRECONDITION);
  });

  it('refuses a sixth key on a person’s account and a 21st on a company’s', async () => {
    const person = personAccount(THIRD_CPF);
    for (let i = 0; i < 5; i++) await register({ key: `p${i}@example.com`, account: person });
    const sixth = await registerError({ key: 'p5@example.com', account: person });
    expect([sixth.code, trailer(sixth.metadata, 'codepix-error-code')]).toEqual([
      status.FAILED_PRECONDITION,
      'PIX_KEY.LIMIT_REACHED',
    ]);
    const company = personAccount(vectors.cnpj.valid[1]);
    for (let i = 0; i < 20; i++) await register({ kind: KeyKind.KEY_KIND_EVP, account: company });
    expect((await registerError({ kind: KeyKind.KEY_KIND_EVP, account: company })).code).toBe(
      status.FAILED_PRECONDITION,
    );
  });

  it('holds the limit under concurrency: 12 racing registrations on one account, exactly 5 land', async () => {
    const account = personAccount(FOURTH_CPF);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => register({ key: `race${i}@example.com`, account })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason.code).toBe(status.FAILED_PRECONDITION);
    }
  });

  it('refuses an account number reused with another owner', async () => {
    const account = personAccount(vectors.cpf.valid[4]);
    await register({ key: 'owner1@example.com', account });
    const error = await registerError({
      key: 'owner2@example.com',
      account: { ...account, ownerTaxId: vectors.cpf.valid[5] },
    });
    expect([error.code, trailer(error.metadata, 'codepix-error-code')]).toEqual([
      status.FAILED_PRECONDITION,
      'ACCOUNT.OWNER_MISMATCH',
    ]);
  });
});

describe('finding and deleting keys', () => {
  it('answers NOT_FOUND for an unknown key and INVALID_ARGUMENT for a malformed one', async () => {
    expect((await findError('nobody@example.com')).code).toBe(status.NOT_FOUND);
    expect((await findError(vectors.cpf.valid[6])).code).toBe(status.NOT_FOUND);
    const bad = await findError('not a key');
    expect([bad.code, trailer(bad.metadata, 'codepix-field')]).toEqual([status.INVALID_ARGUMENT, 'key']);
  });

  it('lets only the holding bank delete a key', async () => {
    await register({ key: 'mine@example.com', account: personAccount() });
    const foreign = await callError(t.keys, t.keys.deletePixKey, {
      ispb: OTHER_BANK,
      key: 'mine@example.com',
    });
    expect(foreign.code).toBe(status.PERMISSION_DENIED);
    await call(t.keys, t.keys.deletePixKey, { ispb: BANK, key: 'mine@example.com' });
    const twice = await callError(t.keys, t.keys.deletePixKey, { ispb: BANK, key: 'mine@example.com' });
    expect(twice.code).toBe(status.NOT_FOUND);
  });
});
