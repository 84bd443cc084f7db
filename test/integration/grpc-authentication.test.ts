import { credentials, type ServiceError, status } from '@grpc/grpc-js';
import { newKeyPair } from '../../lib/security/pki';
import { BankServiceClient } from '../../src/gen/codepix/v1/bank';
import { KeyKind } from '../../src/gen/codepix/v1/common';
import { PixKeyServiceClient } from '../../src/gen/codepix/v1/pix_key';
import { TransferServiceClient } from '../../src/gen/codepix/v1/transfer';
import { AZUL, account, authFixture, type Clients, CPF, expectStatus } from '../support/auth-fixture';
import { call, callError, trailer } from '../support/grpc-call';
import { healthClient, healthStatus } from '../support/standard-clients';
import { testPkiCa } from '../support/test-identities';
import { vectors } from '../support/vectors';

/**
 * A client with no certificate, one from another authority, or one whose certificate was revoked is
 * UNAUTHENTICATED for every method; health checks stay open.
 */
const f = authFixture('grpc_authn');

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
      'GetSettlementStatement',
      (c) => callError(c.transfers, c.transfers.getSettlementStatement, { ispb: AZUL.ispb, limit: 0 }),
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
    await expectStatus(attempt(f.nobody), status.UNAUTHENTICATED, 'AUTH.NO_CERTIFICATE');
    await expectStatus(attempt(f.forger), status.UNAUTHENTICATED, 'AUTH.NO_CERTIFICATE');
  });

  it('still answers health checks without a certificate', async () => {
    const health = healthClient(f.t.address, credentials.createSsl(testPkiCa()));
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
    await call(f.t.banks, f.t.banks.registerBank, { ispb, name: 'Banco Ocre' });
    const issue = async () => {
      const keys = await newKeyPair();
      const cert = await call(f.t.banks, f.t.banks.issueCertificate, {
        ispb,
        publicKeyPem: keys.publicKeyPem,
      });
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
    const ocre = f.clients(first.creds);
    await call(ocre.banks, ocre.banks.listBanks, {});
    const revoked = await call(f.t.banks, f.t.banks.revokeCertificate, {
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
    const renewed = f.clients(second.creds);
    const own = await call(renewed.banks, renewed.banks.listCertificates, { ispb: '' });
    expect(own.certificates.map((c) => [c.serial, Boolean(c.revokedAt)])).toEqual([
      [second.cert.serial, false],
      [first.cert.serial, true],
    ]);
  });

  it('refuses to issue for a bank that is not registered, or a key that is not P-256', async () => {
    const keys = await newKeyPair();
    await expectStatus(
      callError(f.t.banks, f.t.banks.issueCertificate, { ispb: '66666666', publicKeyPem: keys.publicKeyPem }),
      status.FAILED_PRECONDITION,
      'BANK.NOT_REGISTERED',
    );
    const error = await callError(f.t.banks, f.t.banks.issueCertificate, {
      ispb: AZUL.ispb,
      publicKeyPem: 'not a key',
    });
    expect([status[error.code], trailer(error.metadata, 'codepix-field')]).toEqual([
      'INVALID_ARGUMENT',
      'public_key_pem',
    ]);
  });
});
