import { type ChannelCredentials, credentials, type ServiceError, status } from '@grpc/grpc-js';
import { DEMO_BANKS } from '../../cmd/demo-data';
import { BankServiceClient } from '../../src/gen/codepix/v1/bank';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import { PixKeyServiceClient } from '../../src/gen/codepix/v1/pix_key';
import { TransferServiceClient } from '../../src/gen/codepix/v1/transfer';
import { call, trailer } from './grpc-call';
import { startTestHub, type TestHub } from './test-hub';
import { bankCredentials, foreignCredentials, testPkiCa } from './test-identities';
import { vectors } from './vectors';

export const [AZUL, VERDE] = DEMO_BANKS;
export const CPF = vectors.cpf.valid[0];

export interface Clients {
  banks: BankServiceClient;
  keys: PixKeyServiceClient;
  transfers: TransferServiceClient;
}

export const account = {
  branch: '1',
  number: '100',
  type: AccountType.ACCOUNT_TYPE_CACC,
  ownerName: 'Ana',
  ownerTaxId: CPF,
};

/** A hub with Azul and Verde registered, Azul owning a CPF key, and clients for each kind of caller. */
export interface AuthFixture {
  t: TestHub;
  azul: Clients;
  verde: Clients;
  /** No client certificate. */
  nobody: Clients;
  /** A certificate for Azul's ISPB from an authority the hub does not trust. */
  forger: Clients;
  /** Clients on credentials of the test's own; closed with the others after the file. */
  clients(creds: ChannelCredentials): Clients;
}

/** Registers the file's beforeAll/afterAll; the fields are set once beforeAll has run. */
export function authFixture(name: string): AuthFixture {
  const opened: Clients[] = [];
  const f = {} as AuthFixture;
  f.clients = (creds) => {
    const made = {
      banks: new BankServiceClient(f.t.address, creds),
      keys: new PixKeyServiceClient(f.t.address, creds),
      transfers: new TransferServiceClient(f.t.address, creds),
    };
    opened.push(made);
    return made;
  };
  beforeAll(async () => {
    f.t = await startTestHub(name);
    for (const bank of [AZUL, VERDE]) await call(f.t.banks, f.t.banks.registerBank, bank);
    f.azul = f.clients(await bankCredentials(AZUL.ispb));
    f.verde = f.clients(await bankCredentials(VERDE.ispb));
    f.nobody = f.clients(credentials.createSsl(testPkiCa()));
    f.forger = f.clients(await foreignCredentials(AZUL.ispb));
    await call(f.azul.keys, f.azul.keys.registerPixKey, {
      ispb: '',
      kind: KeyKind.KEY_KIND_CPF,
      key: CPF,
      account,
    });
  }, 60_000);
  afterAll(async () => {
    for (const c of opened) for (const client of Object.values(c)) client.close();
    await f.t?.stop();
  });
  return f;
}

export const expectStatus = async (pending: Promise<ServiceError>, code: status, errorCode: string) => {
  const error = await pending;
  expect(status[error.code]).toBe(status[code]);
  expect(trailer(error.metadata, 'codepix-error-code')).toBe(errorCode);
};
