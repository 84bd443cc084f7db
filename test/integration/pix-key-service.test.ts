import { status } from '@grpc/grpc-js';
import { call, callError, trailer } from '../support/grpc-call';
import { BANK, keysFixture, OTHER_BANK } from '../support/keys-fixture';
import { vectors } from '../support/vectors';

/** The directory's banks, lookups and deletions over gRPC. */
const f = keysFixture('keys');
const { personAccount, register, registerError, findError } = f;

describe('banks', () => {
  it('refuses a taken ISPB with ALREADY_EXISTS and a bad one with INVALID_ARGUMENT naming ispb', async () => {
    expect((await callError(f.t.banks, f.t.banks.registerBank, { ispb: BANK, name: 'Again' })).code).toBe(
      status.ALREADY_EXISTS,
    );
    const bad = await callError(f.t.banks, f.t.banks.registerBank, { ispb: '123', name: 'Short' });
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(trailer(bad.metadata, 'codepix-field')).toBe('ispb');
  });

  it('lists registered banks', async () => {
    const { banks } = await call(f.t.banks, f.t.banks.listBanks, {});
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
    await call(f.t.banks, f.t.banks.registerBank, { ispb: '33333333', name: 'Banco Fechado' });
    const closed = await call(f.t.banks, f.t.banks.deactivateBank, { ispb: '33333333' });
    expect(closed.active).toBe(false);
    const refused = await registerError({ ispb: '33333333', key: 'y@example.com', account: personAccount() });
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    expect(trailer(refused.metadata, 'codepix-error-code')).toBe('BANK.INACTIVE');
    expect((await callError(f.t.banks, f.t.banks.deactivateBank, { ispb: '44444444' })).code).toBe(
      status.NOT_FOUND,
    );
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
    const foreign = await callError(f.t.keys, f.t.keys.deletePixKey, {
      ispb: OTHER_BANK,
      key: 'mine@example.com',
    });
    expect(foreign.code).toBe(status.PERMISSION_DENIED);
    await call(f.t.keys, f.t.keys.deletePixKey, { ispb: BANK, key: 'mine@example.com' });
    const twice = await callError(f.t.keys, f.t.keys.deletePixKey, { ispb: BANK, key: 'mine@example.com' });
    expect(twice.code).toBe(status.NOT_FOUND);
  });
});
