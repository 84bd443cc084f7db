import { vectors } from '../../../test/support/vectors';
import { Ispb, Money, type RejectionReason, SettlementAccount, ValidationError } from '../../domain';
import { isRefusal } from '../outcome';
import {
  BANK_A,
  BANK_B,
  BANK_C,
  deactivateStoredBank,
  PERSON,
  UNREGISTERED_ISPB,
} from '../testing/directory-fixture';
import {
  CREDITOR_ACCOUNT,
  CREDITOR_KEY,
  DEBTOR_ACCOUNT,
  e2eId,
  POLICY,
  summary,
  transferFixture,
  transferRequest,
} from '../testing/transfer-fixture';
import { DeletePixKey } from './delete-pix-key';
import type { TransferRequestInput } from './request-transfer';

const ID = e2eId(1);
type Fixture = Awaited<ReturnType<typeof transferFixture>>;

describe('RequestTransfer: accepted', () => {
  it('stores it pending, reserves the amount on the debtor bank and tells only the creditor bank', async () => {
    const { request, fund, store, clock, position } = await transferFixture();
    await fund(BANK_A.ispb, 5000n);
    const now = clock.now();
    await request();
    expect(store.transfer(ID)?.snapshot).toMatchObject({
      status: 'pending',
      debtorAccount: DEBTOR_ACCOUNT,
      creditorKey: CREDITOR_KEY,
      creditorAccount: CREDITOR_ACCOUNT,
      amount: Money.fromCents(1500n),
      description: 'lunch',
      deadline: new Date(now.getTime() + POLICY.deadlineMs),
      createdAt: now,
    });
    expect(store.transfer(ID)?.creditorIspb?.value).toBe(BANK_B.ispb);
    expect(position(BANK_A.ispb)).toEqual({ balance: 5000n, reserved: 1500n });
    expect(store.ledger.at(-1)).toMatchObject({ kind: 'reserve', endToEndId: ID, balanceAfter: 5000n });
    expect(store.history).toEqual([
      { endToEndId: ID, from: null, to: 'pending', actor: 'bank:11111111', at: now },
    ]);
    expect(summary(store.sent)).toEqual([`${BANK_B.ispb} pending`]);
  });

  it.each([
    ['the smallest amount', 1n],
    ['exactly the limit', POLICY.maxAmount.cents],
  ])('accepts %s', async (_, amount) => {
    const { request, fund, store } = await transferFixture();
    await fund(BANK_A.ispb, amount);
    await request(1, { amount });
    expect(store.transfer(ID)?.status).toBe('pending');
  });

  it.each([
    ['an email key in other case', undefined, Object.keys(vectors.email.normalised)[0]],
    ['a cpf key', 'cpf', PERSON.ownerTaxId],
    ['a phone key', 'phone', vectors.phone.valid[0]],
  ])('pays %s, keeping the key as sent', async (_, kind, key) => {
    const { register, request, fund, store } = await transferFixture();
    if (kind) await register(kind, key, PERSON, BANK_B.ispb);
    await fund(BANK_A.ispb, 1500n);
    await request(1, { creditorKey: key });
    const { status, creditorKey, creditorAccount } = store.transfer(ID)?.snapshot ?? {};
    expect({ status, creditorKey, creditorAccount }).toEqual({
      status: 'pending',
      creditorKey: key,
      creditorAccount: CREDITOR_ACCOUNT,
    });
  });

  it('lets a bank pay another of its own accounts through the hub', async () => {
    const { register, request, fund, store } = await transferFixture();
    await register('email', 'joao@example.com', PERSON, BANK_A.ispb);
    await fund(BANK_A.ispb, 1500n);
    await request(1, { creditorKey: 'joao@example.com' });
    expect(store.transfer(ID)?.status).toBe('pending');
    expect(summary(store.sent)).toEqual([`${BANK_A.ispb} pending`]);
  });

  it('reserves within the net debit cap of an account below zero', async () => {
    const { request, store, position } = await transferFixture();
    store.putAccount(SettlementAccount.open(Ispb.create(BANK_A.ispb), Money.fromCents(3000n)));
    for (const n of [1, 2, 3]) await request(n);
    expect(store.all().map((transfer) => transfer.snapshot.rejectionReason ?? transfer.status)).toEqual([
      'pending',
      'pending',
      'INSUFFICIENT_SETTLEMENT_FUNDS',
    ]);
    expect(position(BANK_A.ispb)).toEqual({ balance: 0n, reserved: 3000n });
  });

  it('of 50 requests against funds for exactly 10, keeps 10 pending and rejects 40', async () => {
    const { request, fund, store, position } = await transferFixture();
    await fund(BANK_A.ispb, 10n * 1500n);
    for (let n = 1; n <= 50; n++) await request(n);
    const outcome = store.all().map((transfer) => transfer.snapshot.rejectionReason ?? transfer.status);
    expect(outcome.filter((o) => o === 'pending')).toHaveLength(10);
    expect(outcome.filter((o) => o === 'INSUFFICIENT_SETTLEMENT_FUNDS')).toHaveLength(40);
    expect(outcome).toHaveLength(50);
    expect(position(BANK_A.ispb)).toEqual({ balance: 15000n, reserved: 15000n });
    expect(store.account(BANK_A.ispb)?.available).toBe(0n);
  });
});

type Arrange = (f: Fixture) => Promise<unknown>;
const nothing: Arrange = async () => undefined;
const deactivateB: Arrange = (f) => deactivateStoredBank(f.banks, BANK_B.ispb);
const deleteKey: Arrange = (f) =>
  new DeletePixKey(f.banks, f.pixKeys, f.clock).execute({ ispb: BANK_B.ispb, key: CREDITOR_KEY });
const keyOnDebtorAccount: Arrange = (f) => f.register('email', 'joao@example.com', PERSON, BANK_A.ispb);
const fundOneCentShort: Arrange = (f) => f.fund(BANK_A.ispb, 1499n);
const fromBank = (ispb: string) => ({ debtorIspb: ispb, endToEndId: e2eId(1, ispb) });
const OWN_ACCOUNT = { creditorKey: 'joao@example.com', debtorAccount: { ...PERSON, ownerName: 'M. Souza' } };

/** After `arrange`, request #1 with `change` is rejected with the reason. */
const rejections: [string, RejectionReason, Arrange, Partial<TransferRequestInput>][] = [
  ['an inactive debtor bank', 'DEBTOR_BANK_NOT_ACTIVE', nothing, fromBank(BANK_C.ispb)],
  ['an amount above the limit', 'AMOUNT_OUT_OF_RANGE', nothing, { amount: POLICY.maxAmount.cents + 1n }],
  ['an unknown key', 'KEY_NOT_FOUND', nothing, { creditorKey: 'nobody@example.com' }],
  ['a key of a deactivated bank', 'KEY_NOT_FOUND', deactivateB, {}],
  ['a deleted key', 'KEY_NOT_FOUND', deleteKey, {}],
  ['a key on the debtor account itself', 'SAME_ACCOUNT', keyOnDebtorAccount, OWN_ACCOUNT],
  ['a debtor bank never funded', 'INSUFFICIENT_SETTLEMENT_FUNDS', nothing, {}],
  ['a debtor bank one cent short', 'INSUFFICIENT_SETTLEMENT_FUNDS', fundOneCentShort, {}],
];
const CREDITOR_KNOWN: RejectionReason[] = ['SAME_ACCOUNT', 'INSUFFICIENT_SETTLEMENT_FUNDS'];

const malformedKeys = (['cpf', 'cnpj', 'email', 'phone'] as const).flatMap((kind) => vectors[kind].invalid);

describe('RequestTransfer: rejected, stored and sent back to the debtor bank', () => {
  it.each(rejections)('rejects %s with %s', async (_, reason, arrange, change) => {
    const f = await transferFixture();
    await arrange(f);
    await f.request(1, change);
    const [transfer] = f.store.all();
    const debtor = transfer.snapshot.debtorIspb.value;
    expect(transfer.status).toBe('rejected');
    expect(transfer.snapshot).toMatchObject({ rejectionReason: reason, deadline: undefined });
    expect(transfer.snapshot.rejectionDetail).toEqual(expect.any(String));
    // The creditor goes on the transfer once the key has been resolved.
    expect(transfer.creditorIspb !== undefined).toBe(CREDITOR_KNOWN.includes(reason));
    expect(f.store.history.map((h) => [h.from, h.to, h.reason, h.actor])).toEqual([
      [null, 'pending', undefined, `bank:${debtor}`],
      ['pending', 'rejected', reason, 'hub'],
    ]);
    expect(f.store.ledger.filter((e) => e.kind !== 'fund')).toEqual([]);
    expect(summary(f.store.sent)).toEqual([`${debtor} rejected`]);
  });

  it.each([...malformedKeys, 'not a key', 'x'.repeat(140)])(
    'rejects the malformed key %j with KEY_NOT_FOUND',
    async (key) => {
      const { request, fund, store } = await transferFixture();
      await fund(BANK_A.ispb, 1500n);
      await request(1, { creditorKey: key });
      expect(store.transfer(ID)?.snapshot).toMatchObject({
        rejectionReason: 'KEY_NOT_FOUND',
        creditorKey: key,
      });
      expect(store.transfer(ID)?.snapshot.rejectionDetail).toMatch(/^creditor_key: /);
    },
  );

  const NO_KEY = { creditorKey: 'nobody@example.com' };
  const TOO_MUCH = POLICY.maxAmount.cents + 1n;
  it.each([
    [
      'debtor bank over amount',
      nothing,
      { ...fromBank(BANK_C.ispb), amount: TOO_MUCH },
      'DEBTOR_BANK_NOT_ACTIVE',
    ],
    ['amount over key', nothing, { ...NO_KEY, amount: TOO_MUCH }, 'AMOUNT_OUT_OF_RANGE'],
    [
      'key over same account',
      keyOnDebtorAccount,
      { ...OWN_ACCOUNT, creditorKey: 'nobody@example.com' },
      'KEY_NOT_FOUND',
    ],
    ['same account over funds', keyOnDebtorAccount, OWN_ACCOUNT, 'SAME_ACCOUNT'],
  ] as const)('gives precedence to %s', async (_, arrange, change, reason) => {
    const f = await transferFixture();
    await arrange(f);
    await f.request(1, change);
    expect(f.store.all()[0].snapshot.rejectionReason).toBe(reason);
  });
});

describe('RequestTransfer: the same end-to-end id again', () => {
  it('re-sends the current state to the debtor bank and stores nothing new', async () => {
    const { request, fund, store, position } = await transferFixture();
    await fund(BANK_A.ispb, 5000n);
    await request();
    const writes = { history: store.history.length, ledger: store.ledger.length };
    await request(1, { debtorAccount: { ...DEBTOR_ACCOUNT, ownerName: 'JOAO LIMA' } });
    expect(summary(store.sent)).toEqual([`${BANK_B.ispb} pending`, `${BANK_A.ispb} pending`]);
    expect({ history: store.history.length, ledger: store.ledger.length }).toEqual(writes);
    expect(position(BANK_A.ispb).reserved).toBe(1500n);
  });

  it('re-sends a rejection as it stands', async () => {
    const { request, store } = await transferFixture();
    await request();
    await request();
    expect(summary(store.sent)).toEqual([`${BANK_A.ispb} rejected`, `${BANK_A.ispb} rejected`]);
  });

  it.each([
    ['amount', { amount: 1501n }],
    ['description', { description: 'dinner' }],
    ['creditor key', { creditorKey: 'Maria@Example.COM' }],
    ['debtor branch', { debtorAccount: { ...DEBTOR_ACCOUNT, branch: '0002' } }],
    ['debtor account number', { debtorAccount: { ...DEBTOR_ACCOUNT, number: '99998' } }],
  ])('refuses another %s as DUPLICATE_MISMATCH and leaves the stored transfer alone', async (_, change) => {
    const { request, fund, store } = await transferFixture();
    await fund(BANK_A.ispb, 5000n);
    await request();
    const before = {
      transfer: store.transfer(ID)?.snapshot,
      hash: store.payloadHash(ID),
      ledger: store.ledger.length,
    };
    await request(1, change);
    expect(summary(store.sent)).toEqual([
      `${BANK_B.ispb} pending`,
      `${BANK_A.ispb} refused DUPLICATE_MISMATCH`,
    ]);
    expect(store.sent[1].notice).toMatchObject({ endToEndId: ID, detail: expect.stringContaining(ID) });
    expect({
      transfer: store.transfer(ID)?.snapshot,
      hash: store.payloadHash(ID),
      ledger: store.ledger.length,
    }).toEqual(before);
  });

  it('hashes neither the owner name nor anything the hub adds', async () => {
    const { request, hasher, store } = await transferFixture();
    await request();
    expect(hasher.inputs).toEqual([
      JSON.stringify(['11111111', '0001', '99999', CREDITOR_KEY, '1500', 'lunch']),
    ]);
    expect(store.payloadHash(ID)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('RequestTransfer: the txid of a BR Code paid', () => {
  const TXID = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';

  it('is stored, sent to the creditor bank and hashed after the other fields', async () => {
    const { request, fund, hasher, store } = await transferFixture();
    await fund(BANK_A.ispb, 5000n);
    await request(1, { txid: TXID });
    expect(store.transfer(ID)?.snapshot.txid).toBe(TXID);
    expect(summary(store.sent)).toEqual([`${BANK_B.ispb} pending`]);
    expect(store.sent[0].notice).toMatchObject({ transfer: { snapshot: { txid: TXID } } });
    expect(hasher.inputs).toEqual([
      JSON.stringify(['11111111', '0001', '99999', CREDITOR_KEY, '1500', 'lunch', TXID]),
    ]);
  });

  it('is none when empty, and a repeat with another txid is a different payload', async () => {
    const { request, fund, store } = await transferFixture();
    await fund(BANK_A.ispb, 5000n);
    await request(1, { txid: '' });
    expect(store.transfer(ID)?.snapshot.txid).toBeUndefined();
    await request(1, { txid: TXID });
    expect(store.sent.at(-1)?.notice).toMatchObject({ type: 'refused', reason: 'DUPLICATE_MISMATCH' });
    expect(store.transfer(ID)?.snapshot.txid).toBeUndefined();
  });
});

describe('RequestTransfer: malformed, refused before anything is stored', () => {
  it.each([
    ...vectors.end_to_end_id.invalid.map((id) => ['end_to_end_id', { endToEndId: id }] as const),
    ['end_to_end_id', { endToEndId: e2eId(1, BANK_B.ispb) }],
    ['debtor_ispb', { debtorIspb: '1111111' }],
    ['debtor_account.branch', { debtorAccount: undefined }],
    ['debtor_account.number', { debtorAccount: { ...DEBTOR_ACCOUNT, number: 'x' } }],
    ['debtor_account.owner_name', { debtorAccount: { ...DEBTOR_ACCOUNT, ownerName: '' } }],
    ['debtor_account.owner_name', { debtorAccount: { ...DEBTOR_ACCOUNT, ownerName: 'Ana\u0000' } }],
    ['creditor_key', { creditorKey: 'x'.repeat(141) }],
    ['amount', { amount: -1n }],
    ['amount', { amount: 0n }],
    ['description', { description: 'x'.repeat(141) }],
    ['description', { description: 'lunch\u0000' }],
    ['creditor_key', { creditorKey: 'a\u0000@example.com' }],
    ['txid', { txid: 'not-alphanumeric' }],
    ['txid', { txid: 'T'.repeat(36) }],
  ] as const)('refuses a bad %s', async (field, change) => {
    const { requestTransfer, requestUnit, store } = await transferFixture();
    const input = transferRequest(1, change);
    const outcome = await requestUnit(input, (uow) => requestTransfer.execute(uow, input));
    expect(outcome).toMatchObject({ kind: 'refused', error: { field, code: 'VALIDATION.INVALID_FIELD' } });
    expect(isRefusal(outcome) && outcome.error).toBeInstanceOf(ValidationError);
    expect(store.writes()).toBe(0);
  });

  it('names the debtor bank to tell why when it is registered, active or not, and nobody otherwise', async () => {
    const { requestTransfer, requestUnit } = await transferFixture();
    const bad = { amount: 0n };
    const tell = async (change: Partial<TransferRequestInput>) => {
      const input = transferRequest(1, change);
      const outcome = await requestUnit(input, (uow) => requestTransfer.execute(uow, input));
      return isRefusal(outcome) ? outcome.tell?.value : 'not refused';
    };
    expect(await tell(bad)).toBe(BANK_A.ispb);
    expect(await tell({ ...bad, ...fromBank(BANK_C.ispb) })).toBe(BANK_C.ispb);
    expect(await tell({ ...bad, ...fromBank(UNREGISTERED_ISPB) })).toBeUndefined();
    expect(await tell({ debtorIspb: '1111111' })).toBeUndefined();
  });

  it('refuses a bank that never registered with BANK.NOT_REGISTERED, with nobody to tell', async () => {
    const { requestTransfer, requestUnit, store } = await transferFixture();
    const request = transferRequest(1, fromBank(UNREGISTERED_ISPB));
    const outcome = await requestUnit(request, (uow) => requestTransfer.execute(uow, request));
    expect(outcome).toMatchObject({
      kind: 'refused',
      error: { code: 'BANK.NOT_REGISTERED' },
      tell: undefined,
    });
    expect(store.writes()).toBe(0);
  });

  it('counts the description in characters: 140 emoji fit', async () => {
    const { request, store } = await transferFixture();
    await request(1, { description: '💸'.repeat(140) });
    expect(store.all()).toHaveLength(1);
  });
});
