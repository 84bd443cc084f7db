import { status } from '@grpc/grpc-js';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import type { Account, PixKey } from '../../src/gen/codepix/v1/pix_key';
import { call, trailer } from '../support/grpc-call';
import {
  BANK,
  COMPANY_CNPJ,
  FOURTH_CPF,
  keysFixture,
  OTHER_BANK,
  OTHER_CPF,
  PERSON_CPF,
  THIRD_CPF,
} from '../support/keys-fixture';
import { vectors } from '../support/vectors';

/** Registering keys over gRPC: formats, owners, limits, uniqueness. */
const f = keysFixture('keys_reg');
const { personAccount, register, registerError, find, findError } = f;

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

    const { keys } = await call(f.t.keys, f.t.keys.listPixKeys, {
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
    await call(f.t.keys, f.t.keys.deletePixKey, { ispb: BANK, key: 'dup@example.com' });
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
