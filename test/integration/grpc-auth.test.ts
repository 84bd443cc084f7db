import { status } from '@grpc/grpc-js';
import { newKeyPair } from '../../lib/security/pki';
import { KeyKind } from '../../src/gen/codepix/v1/common';
import { AZUL, account, authFixture, type Clients, CPF, expectStatus, VERDE } from '../support/auth-fixture';
import { call, callError } from '../support/grpc-call';
import { operatorCredentials } from '../support/test-identities';

/**
 * A caller acting as someone it is not is PERMISSION_DENIED: a bank acting for another bank, a bank
 * calling an operator method, an operator acting as a bank. The ISPB always comes from the certificate.
 */
const f = authFixture('grpc_auth');

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
    [
      'GetSettlementStatement',
      (c: Clients) =>
        callError(c.transfers, c.transfers.getSettlementStatement, { ispb: AZUL.ispb, limit: 0 }),
    ],
    ['ListCertificates', (c: Clients) => callError(c.banks, c.banks.listCertificates, { ispb: AZUL.ispb })],
  ])('%s naming another bank', async (_name, attempt) => {
    await expectStatus(attempt(f.verde), status.PERMISSION_DENIED, 'AUTH.PERMISSION_DENIED');
  });

  it('deletes nothing of another bank when naming none: the key stays where it is', async () => {
    await expectStatus(
      callError(f.verde.keys, f.verde.keys.deletePixKey, { ispb: '', key: CPF }),
      status.PERMISSION_DENIED,
      'PIX_KEY.NOT_OWNED',
    );
    const found = await call(f.verde.keys, f.verde.keys.findPixKey, { ispb: '', key: CPF });
    expect(found.ispb).toBe(AZUL.ispb);
  });

  it('lists only its own keys and sees only its own transfers', async () => {
    const own = await call(f.azul.keys, f.azul.keys.listPixKeys, {
      ispb: '',
      branch: '1',
      accountNumber: '100',
    });
    expect(own.keys.map((k) => k.key)).toEqual([CPF]);
    const theirs = await call(f.verde.keys, f.verde.keys.listPixKeys, {
      ispb: '',
      branch: '1',
      accountNumber: '100',
    });
    expect(theirs.keys).toEqual([]);
    const page = await call(f.verde.transfers, f.verde.transfers.listTransfers, {
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
    await expectStatus(attempt(f.verde), status.PERMISSION_DENIED, 'AUTH.PERMISSION_DENIED');
  });

  it('left nothing changed: no new bank, Azul active, Verde unfunded and uncapped', async () => {
    const { banks } = await call(f.t.banks, f.t.banks.listBanks, {});
    expect(banks.map((b) => [b.ispb, b.active])).toEqual([
      [AZUL.ispb, true],
      [VERDE.ispb, true],
    ]);
    const settlement = await call(f.t.transfers, f.t.transfers.getSettlementAccount, { ispb: VERDE.ispb });
    expect([settlement.balance, settlement.netDebitCap]).toEqual([0n, 0n]);
  });

  it('is refused to an operator acting as a bank', async () => {
    const operator = f.clients(operatorCredentials());
    await expectStatus(
      callError(operator.keys, operator.keys.findPixKey, { ispb: AZUL.ispb, key: CPF }),
      status.PERMISSION_DENIED,
      'AUTH.PERMISSION_DENIED',
    );
  });
});
