import { status } from '@grpc/grpc-js';
import { ClaimKind, ClaimReason } from '../../src/gen/codepix/v1/claim';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import { call, callError } from '../support/grpc-call';
import { startTestHub, type TestHub } from '../support/test-hub';
import { vectors } from '../support/vectors';

/** Two hub instances over one database: what one changes, the other's cache must not hide. */
let a: TestHub;
let b: TestHub;

beforeAll(async () => {
  a = await startTestHub('cache');
  b = await startTestHub('cache', a.databaseUrl);
  await call(a.banks, a.banks.registerBank, { ispb: '11111111', name: 'Banco Azul' });
  await call(a.banks, a.banks.registerBank, { ispb: '22222222', name: 'Banco Verde' });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

/** Cross-instance eviction travels by NOTIFY, so allow it a moment to arrive. */
async function eventually(check: () => Promise<void>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

it('a key deleted through one instance stops being found through the other', async () => {
  const account = {
    branch: '1',
    number: '42',
    type: AccountType.ACCOUNT_TYPE_CACC,
    ownerName: 'Ana',
    ownerTaxId: vectors.cpf.valid[0],
  };
  await call(a.keys, a.keys.registerPixKey, {
    ispb: '11111111',
    kind: KeyKind.KEY_KIND_EMAIL,
    key: 'ana@example.com',
    account,
  });
  for (let i = 0; i < 3; i++) {
    const found = await call(b.keys, b.keys.findPixKey, { ispb: '22222222', key: 'ana@example.com' });
    expect(found.ownerName).toBe('Ana');
  }
  await call(a.keys, a.keys.deletePixKey, { ispb: '11111111', key: 'ana@example.com' });
  await eventually(async () => {
    const error = await callError(b.keys, b.keys.findPixKey, { ispb: '22222222', key: 'ana@example.com' });
    expect(error.code).toBe(status.NOT_FOUND);
  });
});

it('a key ported through one instance is found at its new bank through the other', async () => {
  const owner = { type: AccountType.ACCOUNT_TYPE_CACC, ownerName: 'Caio', ownerTaxId: vectors.cpf.valid[2] };
  await call(a.keys, a.keys.registerPixKey, {
    ispb: '11111111',
    kind: KeyKind.KEY_KIND_EMAIL,
    key: 'caio@example.com',
    account: { ...owner, branch: '1', number: '43' },
  });
  const before = await call(b.keys, b.keys.findPixKey, { ispb: '22222222', key: 'caio@example.com' });
  expect(before.ispb).toBe('11111111');
  const claim = await call(a.claims, a.claims.createClaim, {
    ispb: '22222222',
    kind: ClaimKind.CLAIM_KIND_PORTABILITY,
    key: 'caio@example.com',
    account: { ...owner, branch: '2', number: '9' },
  });
  await call(a.claims, a.claims.acknowledgeClaim, { ispb: '11111111', claimId: claim.id });
  const reason = ClaimReason.CLAIM_REASON_USER_REQUESTED;
  await call(a.claims, a.claims.confirmClaim, { ispb: '11111111', claimId: claim.id, reason });
  await call(a.claims, a.claims.completeClaim, { ispb: '22222222', claimId: claim.id });
  await eventually(async () => {
    const after = await call(b.keys, b.keys.findPixKey, { ispb: '22222222', key: 'caio@example.com' });
    expect([after.ispb, after.accountNumber]).toEqual(['22222222', '9']);
  });
});

it('a bank deactivated through one instance is refused by the other', async () => {
  await callError(b.keys, b.keys.findPixKey, { ispb: '22222222', key: 'nobody@example.com' }); // caches the bank
  await call(a.banks, a.banks.deactivateBank, { ispb: '22222222' });
  await eventually(async () => {
    const error = await callError(b.keys, b.keys.findPixKey, { ispb: '22222222', key: 'nobody@example.com' });
    expect(error.code).toBe(status.FAILED_PRECONDITION);
  });
});

it('the keys of a bank deactivated through one instance stop being found through the other', async () => {
  await call(a.banks, a.banks.registerBank, { ispb: '33333333', name: 'Banco Roxo' });
  const account = {
    branch: '1',
    number: '7',
    type: AccountType.ACCOUNT_TYPE_SVGS,
    ownerName: 'Bia',
    ownerTaxId: vectors.cpf.valid[1],
  };
  await call(a.keys, a.keys.registerPixKey, {
    ispb: '33333333',
    kind: KeyKind.KEY_KIND_EMAIL,
    key: 'bia@example.com',
    account,
  });
  expect((await call(b.keys, b.keys.findPixKey, { ispb: '11111111', key: 'bia@example.com' })).bankName).toBe(
    'Banco Roxo',
  );
  await call(a.banks, a.banks.deactivateBank, { ispb: '33333333' });
  await eventually(async () => {
    const error = await callError(b.keys, b.keys.findPixKey, { ispb: '11111111', key: 'bia@example.com' });
    expect(error.code).toBe(status.NOT_FOUND);
  });
});
