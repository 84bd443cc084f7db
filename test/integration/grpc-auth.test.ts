import { type ChannelCredentials, credentials, type ServiceError, status } from '@grpc/grpc-js';
import { DEMO_BANKS } from '../../cmd/demo-data';
import { newKeyPair } from '../../lib/security/pki';
import { BankServiceClient } from '../../src/gen/codepix/v1/bank';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import { PixKeyServiceClient } from '../../src/gen/codepix/v1/pix_key';
import { TransferServiceClient } from '../../src/gen/codepix/v1/transfer';
import { call, callError, trailer } from '../support/grpc-call';
import { healthClient, healthStatus } from '../support/standard-clients';
import { startTestHub, type TestHub } from '../support/test-hub';
import {
  bankCredentials,
  foreignCredentials,
  operatorCredentials,
  testPkiCa,
} from '../support/test-identities';
import { vectors } from '../support/vectors';

/**
 * Every gRPC method refuses a caller that is not who it must be: a bank acting for another bank, a
 * bank calling an operator method, a client with no certificate, one from another authority, and one
 * whose certificate was revoked. The ISPB always comes from the certificate.
 */
const [AZUL, VERDE] = DEMO_BANKS;
const CPF = vectors.cpf.valid[0];

interface Clients {
  banks: BankServiceClient;
  keys: PixKeyServiceClient;
  transfers: TransferServiceClient;
}
let t: TestHub;
let azul: Clients;
let verde: Clients;
let nobody: Clients;
let forger: Clients;
const opened: Clients[] = [];

const clients = (creds: ChannelCredentials): Clients => {
  const made = {
    banks: new BankServiceClient(t.address, creds),
    keys: new PixKeyServiceClient(t.address, creds),
    transfers: new TransferServiceClient(t.address, creds),
  };
  opened.push(made);
  return made;
};

const account = {
  branch: '1',
  number: '100',
  type: AccountType.ACCOUNT_TYPE_CACC,
  ownerName: 'Ana',
  ownerTaxId: CPF,
};

beforeAll(async () => {
  t = await startTestHub('grpc_auth');
  for (const bank of [AZUL, VERDE]) await call(t.banks, t.banks.registerBank, bank);
  azul = clients(await bankCredentials(AZUL.ispb));
  verde = clients(await bankCredentials(VERDE.ispb));
  nobody = clients(credentials.createSsl(testPkiCa()));
  forger = clients(await foreignCredentials(AZUL.ispb));
  await call(azul.keys, azul.keys.registerPixKey, {
    ispb: '',
    kind: KeyKind.KEY_KIND_CPF,
    key: CPF,
    account,
  });
}, 60_000);
afterAll(async () => {
  for (const c of opened) for (const client of Object.values(c)) client.close();
  await t?.stop();
});

const expectStatus = async (pending: Promise<ServiceError>, code: status, errorCode: string) => {
  const error = await pending;
  expect(status[error.code]).toBe(status[code]);
  expect(trailer(error.metadata, 'codepix-error-code')).toBe(errorCode);
};

describe('a bank acting for another bank is PERMISSION_DENIED', () => {
  it.each([
    [
      'RegisterPixKey',
      (c: Clients) =>
        callError(c.keys, c.keys.registerPixKey, {
          ispb: AZUL.ispb,
          kind: KeyKind.KEY_KIND_EVP,
          key: '',
          account,
        }),
    ],
    ['FindPixKey', (c: Clients) => callError(c.keys, c.keys.findPixKey, { ispb: AZUL.ispb, key: CPF })],
    ['DeletePixKey', (c: Clients) => callError(c.keys, c.keys.deletePixKey, { ispb: AZUL.ispb, key: CPF })],
    [
      'ListPixKeys',
      (c: Clients) =>
        callError(c.keys, c.keys.listPixKeys, { ispb: AZUL.ispb, branch: '1', accountNumber: '100' }),
    ],
    ['GetLookupAllowance', (c: Clients) => callError(c.keys, c.keys.getLookupAllowance, { ispb: AZUL.ispb })],
    [
      'ListTransfers',
      (c: Clients) =>
        callError(c.transfers, c.transfers.listTransfers, {
          ispb: AZUL.ispb,
          status: 0,
          pageSize: 0,
          pageToken: '',
          createdFrom: undefined,
          createdTo: undefined,
          updatedBefore: undefined,
          reconciliationOnly: false,
        }),
    ],
    [
      'GetSettlementAccount',
      (c: Clients) => callError(c.transfers, c.transfers.getSettlementAccount, { ispb: AZUL.ispb }),
    ],
    ['ListCertificates', (c: Clients) => callError(c.banks, c.banks.listCertificates, { ispb: AZUL.ispb })],
  ])('%s naming another bank', async (_name, attempt) => {
    await expectStatus(attempt(verde), status.PERMISSION_DENIED, 'AUTH.PERMISSION_DENIED');
  });

  it('deletes nothing of another bank when naming none: the key stays where it is', async () => {
    await expectStatus(
      callError(verde.keys, verde.keys.deletePixKey, { ispb: '', key: CPF }),
      status.PERMISSION_DENIED,
      'PIX_KEY.NOT_OWNED',
    );
    const found = await call(verde.keys, verde.keys.findPixKey, { ispb: '', key: CPF });
    expect(found.ispb).toBe(AZUL.ispb);
  });

  it('lists only its own keys and sees only its own transfers', async () => {
    const own = await call(azul.keys, azul.keys.listPixKeys, { ispb: '', branch: '1', accountNumber: '100' });
    expect(own.keys.map((k) => k.key)).toEqual([CPF]);
    const theirs = await call(verde.keys, verde.keys.listPixKeys, {
      ispb: '',
      branch: '1',
      accountNumber: '100',
    });
    expect(theirs.keys).toEqual([]);
    const page = await call(verde.transfers, verde.transfers.listTransfers, {
      ispb: '',
      status: 0,
      pageSize: 0,
      pageToken: '',
      createdFrom: undefined,
      createdTo: undefined,
      updatedBefore: undefined,
      reconciliationOnly: false,
    });
    expect(page.transfers.every((x) => x.debtorIspb === VERDE.ispb || x.creditorIspb === VERDE.ispb)).toBe(
      true,
    );
  });
});

describe('administration needs the operator certificate', () => {
  it.each([
    [
      'RegisterBank',
      (c: Clients) => callError(c.banks, c.banks.registerBank, { ispb: '44444444', name: 'Banco Falso' }),
    ],
    ['DeactivateBank', (c: Clients) => callError(c.banks, c.banks.deactivateBank, { ispb: AZUL.ispb })],
    [
      'FundSettlementAccount',
      (c: Clients) =>
        callError(c.transfers, c.transfers.fundSettlementAccount, {
          ispb: VERDE.ispb,
          amount: 100_000_000n,
          idempotencyKey: '',
        }),
    ],
    [
      'SetNetDebitCap',
      (c: Clients) =>
        callError(c.transfers, c.transfers.setNetDebitCap, {
          ispb: VERDE.ispb,
          netDebitCap: 10_000_000_000n,
        }),
    ],
    [
      'IssueCertificate',
      async (c: Clients) =>
        callError(c.banks, c.banks.issueCertificate, {
          ispb: VERDE.ispb,
          publicKeyPem: (await newKeyPair()).publicKeyPem,
        }),
    ],
    [
      'RevokeCertificate',
      (c: Clients) => callError(c.banks, c.banks.revokeCertificate, { serial: 'abcdef', reason: 'spite' }),
    ],
  ])('%s from a bank', async (_name, attempt) => {
    await expectStatus(attempt(verde), status.PERMISSION_DENIED, 'AUTH.PERMISSION_DENIED');
  });

  it('left nothing changed: no new bank, Azul active, Verde unfunded and uncapped', async () => {
    const { banks } = await call(t.banks, t.banks.listBanks, {});
    expect(banks.map((b) => [b.ispb, b.active])).toEqual([
      [AZUL.ispb, true],
      [VERDE.ispb, true],
    ]);
    const settlement = await call(t.transfers, t.transfers.getSettlementAccount, { ispb: VERDE.ispb });
    expect([settlement.balance, settlement.netDebitCap]).toEqual([0n, 0n]);
  });

  it('is refused to an operator acting as a bank', async () => {
    const operator = clients(operatorCredentials());
    await expectStatus(
      callError(operator.keys, operator.keys.findPixKey, { ispb: AZUL.ispb, key: CPF }),
      status.PERMISSION_DENIED,
      'AUTH.PERMISSION_DENIED',
    );
  });
});

describe('no certificate, or one the hub did not issue, is UNAUTHENTICATED for every method', () => {
  const attempts: [string, (c: Clients) => Promise<ServiceError>][] = [
    ['RegisterBank', (c) => callError(c.banks, c.banks.registerBank, { ispb: '44444444', name: 'x' })],
    ['ListBanks', (c) => callError(c.banks, c.banks.listBanks, {})],
    ['DeactivateBank', (c) => callError(c.banks, c.banks.deactivateBank, { ispb: AZUL.ispb })],
    [
      'IssueCertificate',
      (c) => callError(c.banks, c.banks.issueCertificate, { ispb: AZUL.ispb, publicKeyPem: '' }),
    ],
    ['RevokeCertificate', (c) => callError(c.banks, c.banks.revokeCertificate, { serial: 'ab', reason: '' })],
    ['GetCertificate', (c) => callError(c.banks, c.banks.getCertificate, { serial: 'ab' })],
    ['ListCertificates', (c) => callError(c.banks, c.banks.listCertificates, { ispb: AZUL.ispb })],
    [
      'RegisterPixKey',
      (c) =>
        callError(c.keys, c.keys.registerPixKey, {
          ispb: AZUL.ispb,
          kind: KeyKind.KEY_KIND_EVP,
          key: '',
          account,
        }),
    ],
    ['FindPixKey', (c) => callError(c.keys, c.keys.findPixKey, { ispb: AZUL.ispb, key: CPF })],
    ['DeletePixKey', (c) => callError(c.keys, c.keys.deletePixKey, { ispb: AZUL.ispb, key: CPF })],
    [
      'ListPixKeys',
      (c) => callError(c.keys, c.keys.listPixKeys, { ispb: AZUL.ispb, branch: '1', accountNumber: '100' }),
    ],
    ['GetLookupAllowance', (c) => callError(c.keys, c.keys.getLookupAllowance, { ispb: AZUL.ispb })],
    [
      'GetTransfer',
      (c) => callError(c.transfers, c.transfers.getTransfer, { endToEndId: vectors.end_to_end_id.valid[0] }),
    ],
    [
      'ListTransfers',
      (c) =>
        callError(c.transfers, c.transfers.listTransfers, {
          ispb: '',
          status: 0,
          pageSize: 0,
          pageToken: '',
          createdFrom: undefined,
          createdTo: undefined,
          updatedBefore: undefined,
          reconciliationOnly: false,
        }),
    ],
    [
      'FundSettlementAccount',
      (c) =>
        callError(c.transfers, c.transfers.fundSettlementAccount, {
          ispb: AZUL.ispb,
          amount: 1n,
          idempotencyKey: '',
        }),
    ],
    [
      'GetSettlementAccount',
      (c) => callError(c.transfers, c.transfers.getSettlementAccount, { ispb: AZUL.ispb }),
    ],
    [
      'SetNetDebitCap',
      (c) => callError(c.transfers, c.transfers.setNetDebitCap, { ispb: AZUL.ispb, netDebitCap: 1n }),
    ],
  ];

  it('covers every method of the three services', () => {
    const methods = [BankServiceClient, PixKeyServiceClient, TransferServiceClient].flatMap((c) =>
      Object.keys(c.service),
    );
    expect(attempts.map(([name]) => name[0].toLowerCase() + name.slice(1)).sort()).toEqual(methods.sort());
  });

  it.each(attempts)('%s without a certificate, and with a forged one', async (_name, attempt) => {
    await expectStatus(attempt(nobody), status.UNAUTHENTICATED, 'AUTH.NO_CERTIFICATE');
    await expectStatus(attempt(forger), status.UNAUTHENTICATED, 'AUTH.NO_CERTIFICATE');
  });

  it('still answers health checks without a certificate', async () => {
    const health = healthClient(t.address, credentials.createSsl(testPkiCa()));
    try {
      expect(await healthStatus(health, '')).toBe('SERVING');
    } finally {
      health.close();
    }
  });
});

describe('a revoked certificate', () => {
  it('is UNAUTHENTICATED from the moment it is revoked, and a re-issued one works', async () => {
    const ispb = '55555555';
    await call(t.banks, t.banks.registerBank, { ispb, name: 'Banco Ocre' });
    const issue = async () => {
      const keys = await newKeyPair();
      const cert = await call(t.banks, t.banks.issueCertificate, { ispb, publicKeyPem: keys.publicKeyPem });
      return {
        cert,
        creds: credentials.createSsl(
          testPkiCa(),
          Buffer.from(keys.privateKeyPem),
          Buffer.from(cert.certificatePem),
        ),
      };
    };
    const first = await issue();
    expect([first.cert.role, first.cert.name]).toEqual(['bank', ispb]);
    const ocre = clients(first.creds);
    await call(ocre.banks, ocre.banks.listBanks, {});
    const revoked = await call(t.banks, t.banks.revokeCertificate, {
      serial: first.cert.serial,
      reason: 'key lost',
    });
    expect(revoked.revokedAt).toBeDefined();
    await expectStatus(
      callError(ocre.banks, ocre.banks.listBanks, {}),
      status.UNAUTHENTICATED,
      'AUTH.CERTIFICATE_REVOKED',
    );
    const second = await issue();
    const renewed = clients(second.creds);
    const own = await call(renewed.banks, renewed.banks.listCertificates, { ispb: '' });
    expect(own.certificates.map((c) => [c.serial, Boolean(c.revokedAt)])).toEqual([
      [second.cert.serial, false],
      [first.cert.serial, true],
    ]);
  });

  it('refuses to issue for a bank that is not registered, or a key that is not P-256', async () => {
    const keys = await newKeyPair();
    await expectStatus(
      callError(t.banks, t.banks.issueCertificate, { ispb: '66666666', publicKeyPem: keys.publicKeyPem }),
      status.FAILED_PRECONDITION,
      'BANK.NOT_REGISTERED',
    );
    const error = await callError(t.banks, t.banks.issueCertificate, {
      ispb: AZUL.ispb,
      publicKeyPem: 'not a key',
    });
    expect([status[error.code], trailer(error.metadata, 'codepix-field')]).toEqual([
      'INVALID_ARGUMENT',
      'public_key_pem',
    ]);
  });
});
