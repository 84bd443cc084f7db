import { randomBytes, randomUUID } from 'node:crypto';
import { HEADERS, MESSAGE_TYPES } from '../../lib/messaging/topics';
import { verifyMessage } from '../../lib/security/message-signature';
import {
  BankMessage,
  RejectionReason,
  ReplyKind,
  Transfer,
  TransferReply,
  TransferRequest,
  TransferStatus,
} from '../../src/gen/codepix/v1/transfer';
import { type BankHarness, type Published, startBankHarness, waitFor } from '../support/bank-harness';
import { bankIdentity } from '../support/test-identities';
import { vectors } from '../support/vectors';

/*
 * The bank simulator against real Postgres and Kafka and a real hub for its keys; the test plays the
 * hub's side of the transfer relay: it reads what the bank publishes and feeds it BankMessages.
 */

const { PENDING, CONFIRMED, REJECTED } = {
  PENDING: TransferStatus.TRANSFER_STATUS_PENDING,
  CONFIRMED: TransferStatus.TRANSFER_STATUS_CONFIRMED,
  REJECTED: TransferStatus.TRANSFER_STATUS_REJECTED,
};
const OTHER_BANK = '22222222';
/** An end-to-end id the other bank would make. */
const foreignId = () =>
  `E${OTHER_BANK}${new Date().toISOString().replace(/\D/g, '').slice(0, 12)}${randomBytes(8).toString('hex').slice(0, 11)}`;
const reply = (m: Published) => TransferReply.decode(m.value);

describe('bank simulator: the transfer relay over Kafka', () => {
  let h: BankHarness;
  beforeAll(async () => {
    h = await startBankHarness('bank_relay');
  }, 120_000);
  afterAll(async () => h?.stop(), 60_000);

  async function account(deposit: string, ownerName = 'Maria') {
    const opened = await h.http('POST', '/accounts', { ownerName, ownerTaxId: vectors.cpf.valid[0] });
    expect(opened.status).toBe(201);
    if (deposit !== '0')
      await h.http('POST', `/accounts/${opened.body.number}/deposits`, { amount: deposit });
    return opened.body.number as string;
  }
  const send = (fromAccount: string, amount: string) =>
    h.http(
      'POST',
      '/transfers',
      { fromAccount, key: 'joao@example.com', amount },
      { 'Idempotency-Key': randomUUID() },
    );
  const get = async (path: string) => (await h.http('GET', path)).body;
  const replyTo = (id: string, kind: ReplyKind) =>
    h.published$(h.topics.confirmations, id, (m) => reply(m).kind === kind);
  /** Everything fed before has been applied once the bank answers this (one partition, in order). */
  async function drain(creditor: string) {
    const id = foreignId();
    await h.feed({
      endToEndId: id,
      status: PENDING,
      creditorIspb: h.ispb,
      amount: 1n,
      creditorAccount: { branch: '0001', number: creditor, ownerName: '' },
    });
    await replyTo(id, ReplyKind.REPLY_KIND_CONFIRMED);
  }

  it('sends a Pix: holds the money, requests it from the hub, debits it once confirmed and acks', async () => {
    const from = await account('1000');
    const sent = await send(from, '300');
    expect(sent.status).toBe(202);
    const id = sent.body.endToEndId;
    expect(sent.body).toMatchObject({
      direction: 'outgoing',
      status: 'pending',
      amount: '300',
      account: from,
    });
    expect(await get(`/accounts/${from}`)).toMatchObject({ balance: '1000', held: '300', available: '700' });

    const request = await h.published$(h.topics.transfers, id);
    expect(request.headers).toMatchObject({
      [HEADERS.type]: MESSAGE_TYPES.transferRequest,
      [HEADERS.origin]: h.ispb,
    });
    expect(request.headers[HEADERS.messageId]).toBeTruthy();
    // Signed by the bank, over what the hub will read.
    const own = await bankIdentity(h.ispb);
    expect(request.headers[HEADERS.signer]).toBe(own.identity.serial);
    const fields = {
      topic: h.topics.transfers,
      key: id,
      type: MESSAGE_TYPES.transferRequest,
      messageId: request.headers[HEADERS.messageId],
      origin: h.ispb,
      payload: request.value,
    };
    expect(verifyMessage(own.certificate.publicKey, fields, request.headers[HEADERS.signature])).toBe(true);
    expect(TransferRequest.decode(request.value)).toMatchObject({
      endToEndId: id,
      debtorIspb: h.ispb,
      debtorAccount: { branch: '0001', number: from, ownerName: 'Maria' },
      creditorKey: 'joao@example.com',
      amount: 300n,
    });

    await h.feed({
      endToEndId: id,
      status: CONFIRMED,
      debtorIspb: h.ispb,
      creditorIspb: OTHER_BANK,
      amount: 300n,
    });
    expect(reply(await replyTo(id, ReplyKind.REPLY_KIND_COMPLETED))).toMatchObject({ ispb: h.ispb });
    await waitFor(async () => (await get(`/transfers/${id}`)).status === 'completed', 'completed');
    expect(await get(`/accounts/${from}`)).toMatchObject({ balance: '700', held: '0' });
    expect((await get(`/accounts/${from}/statement`)).entries).toMatchObject([
      { kind: 'deposit', amount: '1000', balanceAfter: '1000' },
      { kind: 'debit', amount: '300', balanceAfter: '700', endToEndId: id },
    ]);
  }, 30_000);

  it('releases the hold when the hub rejects the transfer', async () => {
    const from = await account('500');
    const id = (await send(from, '200')).body.endToEndId;
    await h.feed({
      endToEndId: id,
      status: REJECTED,
      debtorIspb: h.ispb,
      rejectionReason: RejectionReason.REJECTION_REASON_KEY_NOT_FOUND,
    });
    await waitFor(async () => (await get(`/transfers/${id}`)).status === 'rejected', 'rejected');
    expect(await get(`/transfers/${id}`)).toMatchObject({ reason: 'KEY_NOT_FOUND' });
    expect(await get(`/accounts/${from}`)).toMatchObject({ balance: '500', held: '0', available: '500' });
  }, 30_000);

  it('as creditor: confirms a pending transfer, and credits it once however often the confirmation comes', async () => {
    const to = await account('0', 'Joao');
    const id = foreignId();
    const creditorAccount = { branch: '0001', number: to, ownerName: 'Joao' };
    await h.feed({
      endToEndId: id,
      status: PENDING,
      debtorIspb: OTHER_BANK,
      creditorIspb: h.ispb,
      creditorAccount,
      amount: 250n,
    });
    expect(reply(await replyTo(id, ReplyKind.REPLY_KIND_CONFIRMED))).toMatchObject({ ispb: h.ispb });
    expect(await get(`/transfers/${id}`)).toMatchObject({
      direction: 'incoming',
      status: 'pending',
      amount: '250',
    });
    expect(await get(`/accounts/${to}`)).toMatchObject({ balance: '0' });

    const confirmed = { endToEndId: id, status: CONFIRMED, creditorIspb: h.ispb, amount: 250n };
    const messageId = await h.feed(confirmed);
    await h.feed(confirmed, messageId); // the same message delivered twice
    await h.feed(confirmed); // the same news under another id
    await drain(to);
    expect(await get(`/transfers/${id}`)).toMatchObject({ status: 'completed' });
    expect(await get(`/accounts/${to}`)).toMatchObject({ balance: '250' });
    const credits = (await get(`/accounts/${to}/statement`)).entries.filter(
      (e: { kind: string }) => e.kind === 'credit',
    );
    expect(credits).toEqual([
      expect.objectContaining({ endToEndId: id, amount: '250', balanceAfter: '250' }),
    ]);
  }, 30_000);

  it('rejects transfers to a closed or unknown account with the reason', async () => {
    const closed = await account('0');
    expect((await h.http('POST', `/accounts/${closed}/close`)).body).toMatchObject({ status: 'closed' });
    const cases: [string, RejectionReason][] = [
      [closed, RejectionReason.REJECTION_REASON_CREDITOR_ACCOUNT_CLOSED],
      ['999999', RejectionReason.REJECTION_REASON_CREDITOR_ACCOUNT_NOT_FOUND],
    ];
    for (const [number, reason] of cases) {
      const id = foreignId();
      const creditorAccount = { branch: '0001', number, ownerName: 'X' };
      await h.feed({ endToEndId: id, status: PENDING, creditorIspb: h.ispb, creditorAccount, amount: 10n });
      expect(reply(await replyTo(id, ReplyKind.REPLY_KIND_REJECTED))).toMatchObject({ reason });
      expect((await h.http('GET', `/transfers/${id}`)).status).toBe(404);
    }
  }, 30_000);

  const bankMessage = (change: Partial<BankMessage['transfer']> & object) =>
    Buffer.from(
      BankMessage.encode({
        transfer: {
          ...Transfer.fromPartial({
            endToEndId: foreignId(),
            status: PENDING,
            creditorIspb: h.ispb,
            amount: 5n,
          }),
          ...change,
        },
      }).finish(),
    );
  const poison: [string, RegExp, () => Buffer, string?][] = [
    ['undecodable bytes', /^UNDECODABLE: not a BankMessage/, () => Buffer.from([0xff, 0xff, 0xff, 0xff])],
    ['an empty message', /^UNDECODABLE: empty/, () => Buffer.alloc(0)],
    ['a missing end-to-end id', /^INVALID_FIELD/, () => bankMessage({ endToEndId: '' })],
    [
      'a bad end-to-end id',
      /^INVALID_FIELD: .*end_to_end_id|^INVALID_FIELD/,
      () => bankMessage({ endToEndId: 'E1' }),
    ],
    ['an unknown status', /^INVALID_FIELD: status/, () => bankMessage({ status: 99 as TransferStatus })],
    ['a zero amount', /^INVALID_FIELD: amount/, () => bankMessage({ amount: 0n })],
    ['a negative amount', /^INVALID_FIELD: amount/, () => bankMessage({ amount: -1n })],
    ['an oversized payload', /^OVERSIZED/, () => bankMessage({ description: 'x'.repeat(100_000) })],
    ['a message of another topic', /^WRONG_TOPIC/, () => bankMessage({}), MESSAGE_TYPES.transferRequest],
    [
      'a refusal with a malformed end-to-end id',
      /^INVALID_FIELD: refused\.end_to_end_id/,
      () =>
        Buffer.from(
          BankMessage.encode({
            refused: {
              endToEndId: 'E1',
              reason: RejectionReason.REJECTION_REASON_INVALID_REQUEST,
              detail: '',
            },
          }).finish(),
        ),
    ],
  ];

  it.each(poison)(
    'dead-letters %s with its reason and origin, and goes on',
    async (_, reason, value, type = MESSAGE_TYPES.bankMessage) => {
      const to = await account('0');
      const key = `poison-${randomUUID()}`;
      const headers = {
        [HEADERS.messageId]: key,
        [HEADERS.origin]: 'hub',
        [HEADERS.type]: type,
      };
      await h.feedRaw(value(), headers, key);
      const dead = await h.published$(h.topics.dlq, key);
      expect(dead.headers[HEADERS.dlqReason]).toMatch(reason);
      expect(dead.headers[HEADERS.dlqOrigin]).toBe('hub');
      expect(dead.headers[HEADERS.dlqMessageId]).toBe(key);
      expect(dead.headers[HEADERS.dlqSource]).toMatch(new RegExp(`^${h.topics.bank(h.ispb)}/0/\\d+$`));
      await drain(to);
    },
    30_000,
  );

  it('tells the hub it knows nothing of a transfer the hub says is confirmed', async () => {
    const id = `E${h.ispb}${new Date().toISOString().replace(/\D/g, '').slice(0, 12)}${randomBytes(8).toString('hex').slice(0, 11)}`;
    await h.feed({
      endToEndId: id,
      status: CONFIRMED,
      debtorIspb: h.ispb,
      creditorIspb: OTHER_BANK,
      amount: 9n,
    });
    expect(reply(await replyTo(id, ReplyKind.REPLY_KIND_UNKNOWN_TRANSFER))).toMatchObject({ ispb: h.ispb });
    expect((await h.http('GET', `/transfers/${id}`)).status).toBe(404);
  }, 30_000);

  it('dead-letters a message that reuses an earlier message id for other contents, once', async () => {
    const to = await account('0', 'Joao');
    const id = foreignId();
    const creditorAccount = { branch: '0001', number: to, ownerName: 'Joao' };
    const messageId = await h.feed({
      endToEndId: id,
      status: PENDING,
      creditorIspb: h.ispb,
      creditorAccount,
      amount: 40n,
    });
    await replyTo(id, ReplyKind.REPLY_KIND_CONFIRMED);
    // A confirmation under the same id would credit the customer if it were taken for a repeat.
    await h.feed({ endToEndId: id, status: CONFIRMED, creditorIspb: h.ispb, amount: 40n }, messageId);
    const dead = await h.published$(h.topics.dlq, id);
    expect(dead.headers[HEADERS.dlqReason]).toMatch(/^MESSAGE_ID_REUSED: message id /);
    expect(dead.headers[HEADERS.dlqMessageId]).toBe(messageId);
    await drain(to);
    expect(await get(`/accounts/${to}`)).toMatchObject({ balance: '0' });
    expect(await get(`/transfers/${id}`)).toMatchObject({ status: 'pending' });
    expect(h.published.filter((m) => m.topic === h.topics.dlq && m.key === id)).toHaveLength(1);
  }, 30_000);

  it('keeps books that add up', async () => {
    const summary = await get('/ledger/summary');
    const accounts: { balance: string; held: string }[] = (await get('/accounts')).accounts;
    const total = (pick: (a: { balance: string; held: string }) => string) =>
      accounts.reduce((sum, a) => sum + BigInt(pick(a)), 0n).toString();
    expect(summary).toMatchObject({ totalBalance: total((a) => a.balance), totalHeld: total((a) => a.held) });
    expect(summary.openOutgoing).toBe(summary.totalHeld);
  });
});
