import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import type { Account, RegisterPixKeyRequest } from '../../src/gen/codepix/v1/pix_key';
import { call, callError } from './grpc-call';
import { startTestHub, type TestHub } from './test-hub';

type HubOptions = Parameters<typeof startTestHub>[2];

import { vectors } from './vectors';

export const BANK = '11111111';
export const OTHER_BANK = '22222222';
export const [PERSON_CPF, OTHER_CPF, THIRD_CPF, FOURTH_CPF] = vectors.cpf.valid;
export const [COMPANY_CNPJ] = vectors.cnpj.valid;

/** A hub with Banco Azul (BANK) and Banco Verde (OTHER_BANK) registered, and calls on BANK's behalf. */
export function keysFixture(name: string, options?: HubOptions) {
  let accountSeq = 0;
  const f = {
    t: undefined as unknown as TestHub,
    /** A new account of a person, by default owned by PERSON_CPF. */
    personAccount: (ownerTaxId = PERSON_CPF): Account => ({
      branch: '0001',
      number: String(++accountSeq),
      type: AccountType.ACCOUNT_TYPE_CACC,
      ownerName: 'Maria Souza',
      ownerTaxId,
    }),
    register: (req: Partial<RegisterPixKeyRequest>) =>
      call(f.t.keys, f.t.keys.registerPixKey, registration(req)),
    registerError: (req: Partial<RegisterPixKeyRequest>) =>
      callError(f.t.keys, f.t.keys.registerPixKey, registration(req)),
    find: (key: string, ispb = BANK) => call(f.t.keys, f.t.keys.findPixKey, { ispb, key }),
    findError: (key: string, ispb = BANK) => callError(f.t.keys, f.t.keys.findPixKey, { ispb, key }),
  };
  beforeAll(async () => {
    f.t = await startTestHub(name, undefined, options);
    await call(f.t.banks, f.t.banks.registerBank, { ispb: BANK, name: 'Banco Azul' });
    await call(f.t.banks, f.t.banks.registerBank, { ispb: OTHER_BANK, name: 'Banco Verde' });
  });
  afterAll(() => f.t.stop());
  return f;
}

/** BANK registering an email key, but for what `req` says. */
const registration = (req: Partial<RegisterPixKeyRequest>): RegisterPixKeyRequest => ({
  ispb: BANK,
  kind: KeyKind.KEY_KIND_EMAIL,
  key: '',
  account: undefined,
  ...req,
});
