import { randomBytes } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Message } from 'kafkajs';
import { HEADERS, MESSAGE_TYPES, topicNames } from '../../lib/messaging/topics';
import {
  BankMessage,
  RejectionReason,
  ReplyKind,
  TransferReply,
  TransferRequest,
  TransferStatus,
} from '../../src/gen/codepix/v1/transfer';
import { dropTestDatabases } from '../support/database';
import { call, callError, trailer } from '../support/grpc-call';
import { eventually, KafkaProbe, testTopicPrefix } from '../support/kafka-probe';
import { recordingLogger, seedTransfers, startTestHub, type TestHub } from '../support/test-hub';
import { signAsOrigin, testSigner } from '../support/test-signatures';
import { vectors } from '../support/vectors';

/** The hub's Kafka door with the banks played by hand on raw Kafka: every step of the flow is visible. */
const AZUL = '11111111';
const VERDE = '22222222';
const ROXO = '33333333';
const prefix = testTopicPrefix('relay');
const topics = topicNames(prefix);
const joaoCpf = vectors.cpf.valid[1];
/** A bank with a certificate from the hub's authority that never registered. */
const UNREGISTERED = '99999999';

let hub: TestHub;
const probe = new KafkaProbe(signAsOrigin);
const log = recordingLogger();

const e2eId = (ispb = AZUL) => `E${ispb}202611211430${randomBytes(8).toString('hex').slice(0, 11)}`;
const request = (id: string, amount: bigint, key = joaoCpf, debtor = AZUL) =>
  TransferRequest.encode({
    endToEndId: id,
    debtorIspb: debtor,
    debtorAccount: { branch: '1', number: '100', ownerName: 'Maria Souza' },
    creditorKey: key,
    amount,
    description: 'lunch',
    txid: '',
    requestedAt: new Date(),
  }).finish();
const reply = (
  id: string,
  ispb: string,
  kind: ReplyKind,
  reason = RejectionReason.REJECTION_REASON_UNSPECIFIED,
) => TransferReply.encode({ endToEndId: id, ispb, kind, reason, detail: '' }).finish();

const sendRequest = (id: string, amount: bigint, key?: string, debtor = AZUL) =>
  probe.send(topics.transfers, id, request(id, amount, key, debtor), MESSAGE_TYPES.transferRequest, debtor);
const sendReply = (id: string, ispb: string, kind: ReplyKind, reason?: RejectionReason) =>
  probe.send(topics.confirmations, id, reply(id, ispb, kind, reason), MESSAGE_TYPES.transferReply, ispb);
const heard = (ispb: string, id: string, status: TransferStatus) =>
  probe.waitFor(topics.bank(ispb), id, BankMessage.decode, (m) => m.transfer?.status === status);
const settlement = async (ispb: string) => call(hub.transfers, hub.transfers.getSettlementAccount, { ispb });

beforeAll(async () => {
  hub = await startTestHub('relay', undefined, {
    relay: true,
    topicPrefix: prefix,
    transfers: { deadlineMs: 1_500, sweepIntervalMs: 200 },
    logger: log,
  });
  await seedTransfers(hub, joaoCpf);
  await hub.hub.certificates.record((await testSigner(UNREGISTERED)).certificate);
  await probe.start([topics.bank(AZUL), topics.bank(VERDE), topics.bank(ROXO), topics.dlq]);
}, 60_000);

afterAll(async () => {
  await probe.stop();
  await hub?.stop();
  if (hub) await dropTestDatabases([hub.databaseUrl]);
});

describe('the hub relay', () => {
  it('takes a transfer from pending through confirmed to completed, moving settlement money', async () => {
    const id = e2eId();
    await sendRequest(id, 1_500n);
    const pending = await heard(VERDE, id, TransferStatus.TRANSFER_STATUS_PENDING);
    expect(pending.transfer?.creditorAccount).toMatchObject({ branch: '2', number: '200' });
    expect((await settlement(AZUL)).reserved).toBeGreaterThanOrEqual(1_500n);

    await sendReply(id, VERDE, ReplyKind.REPLY_KIND_CONFIRMED);
    await heard(AZUL, id, TransferStatus.TRANSFER_STATUS_CONFIRMED);
    await heard(VERDE, id, TransferStatus.TRANSFER_STATUS_CONFIRMED);
    await sendReply(id, AZUL, ReplyKind.REPLY_KIND_COMPLETED);
    const done = await eventually(async () => {
      const t = await call(hub.transfers, hub.transfers.getTransfer, { endToEndId: id });
      return t.status === TransferStatus.TRANSFER_STATUS_COMPLETED ? t : undefined;
    });
    expect(done.amount).toBe(1_500n);
    const verde = await settlement(VERDE);
    expect(verde.balance).toBeGreaterThanOrEqual(1_500n);
  }, 30_000);

  it('rejects an unknown key and tells the debtor bank why', async () => {
    const id = e2eId();
    await sendRequest(id, 100n, 'nobody@example.com');
    const rejected = await heard(AZUL, id, TransferStatus.TRANSFER_STATUS_REJECTED);
    expect(rejected.transfer?.rejectionReason).toBe(RejectionReason.REJECTION_REASON_KEY_NOT_FOUND);
  });

  it('rejects a transfer the settlement account cannot pay', async () => {
    const id = e2eId();
    await sendRequest(id, 1_000_000n);
    const rejected = await heard(AZUL, id, TransferStatus.TRANSFER_STATUS_REJECTED);
    expect(rejected.transfer?.rejectionReason).toBe(
      RejectionReason.REJECTION_REASON_INSUFFICIENT_SETTLEMENT_FUNDS,
    );
  });

  it('stores a repeated request once and refuses the same id with another payload', async () => {
    const id = e2eId();
    await sendRequest(id, 200n);
    await sendRequest(id, 200n);
    await sendRequest(id, 999n);
    const refused = await probe.waitFor(
      topics.bank(AZUL),
      id,
      BankMessage.decode,
      (m) => m.refused !== undefined,
    );
    expect(refused.refused?.reason).toBe(RejectionReason.REJECTION_REASON_DUPLICATE_MISMATCH);
    const pendingCopies = await eventually(() => {
      const n = probe.seen.filter((m) => m.topic === topics.bank(VERDE) && m.key === id).length;
      return n >= 1 ? n : undefined;
    });
    expect(pendingCopies).toBe(1);
    const stored = await call(hub.transfers, hub.transfers.getTransfer, { endToEndId: id });
    expect(stored.amount).toBe(200n);
  });

  it('rejects a transfer past its deadline, releases the reservation and ignores a late confirmation', async () => {
    const before = await settlement(AZUL);
    const id = e2eId();
    await sendRequest(id, 300n);
    await heard(VERDE, id, TransferStatus.TRANSFER_STATUS_PENDING);
    const rejected = await heard(AZUL, id, TransferStatus.TRANSFER_STATUS_REJECTED);
    expect(rejected.transfer?.rejectionReason).toBe(RejectionReason.REJECTION_REASON_DEADLINE_EXCEEDED);
    await sendReply(id, VERDE, ReplyKind.REPLY_KIND_CONFIRMED);
    await new Promise((r) => setTimeout(r, 500));
    const stored = await call(hub.transfers, hub.transfers.getTransfer, { endToEndId: id });
    expect(stored.status).toBe(TransferStatus.TRANSFER_STATUS_REJECTED);
    const after = await settlement(AZUL);
    expect(after.balance).toBe(before.balance);
  }, 30_000);

  const valid = (id: string, change: Partial<TransferRequest> = {}) =>
    Buffer.from(TransferRequest.encode({ ...TransferRequest.decode(request(id, 100n)), ...change }).finish());
  const headers = (type: string = MESSAGE_TYPES.transferRequest, origin = AZUL) => ({
    [HEADERS.messageId]: randomBytes(16).toString('hex'),
    [HEADERS.type]: type,
    [HEADERS.origin]: origin,
  });
  /** Signed by the bank it says it is from, as a bank would: the hub then reads what is inside. */
  const signed = async (topic: string, message: Message): Promise<Message> => {
    const field = (name: string) => String((message.headers as Record<string, string>)[name]);
    const fields = {
      topic,
      key: String(message.key),
      type: field(HEADERS.type),
      messageId: field(HEADERS.messageId),
      origin: field(HEADERS.origin),
      payload: Buffer.from(message.value ?? ''),
    };
    return { ...message, headers: { ...message.headers, ...(await signAsOrigin(fields)) } };
  };
  const poison: [string, RegExp, (id: string) => Message, string?][] = [
    [
      'undecodable bytes',
      /^UNDECODABLE/,
      (id) => ({ key: id, value: 'not protobuf \u00ff', headers: headers() }),
    ],
    ['an empty message', /^UNDECODABLE: empty/, (id) => ({ key: id, value: '', headers: headers() })],
    ['a missing end-to-end id', /end_to_end_id/, (id) => ({ key: id, value: valid(''), headers: headers() })],
    [
      'a missing debtor account',
      /debtor_account/,
      (id) => ({ key: id, value: valid(id, { debtorAccount: undefined }), headers: headers() }),
    ],
    [
      'an unknown bank',
      /BANK\.NOT_REGISTERED/,
      (id) => ({
        key: id,
        value: Buffer.from(request(id, 100n, joaoCpf, UNREGISTERED)),
        headers: headers(MESSAGE_TYPES.transferRequest, UNREGISTERED),
      }),
      UNREGISTERED,
    ],
    ['a zero amount', /amount/, (id) => ({ key: id, value: valid(id, { amount: 0n }), headers: headers() })],
    [
      'a negative amount',
      /amount/,
      (id) => ({ key: id, value: valid(id, { amount: -5n }), headers: headers() }),
    ],
    [
      'a NUL in the description',
      /description/,
      (id) => ({ key: id, value: valid(id, { description: 'a\u0000b' }), headers: headers() }),
    ],
    [
      'an oversized payload',
      /^OVERSIZED/,
      (id) => ({ key: id, value: valid(id, { description: 'x'.repeat(100_000) }), headers: headers() }),
    ],
    [
      'a reply on the transactions topic',
      /^WRONG_TOPIC/,
      (id) => ({
        key: id,
        value: Buffer.from(reply(id, VERDE, ReplyKind.REPLY_KIND_CONFIRMED)),
        headers: headers(MESSAGE_TYPES.transferReply),
      }),
    ],
    [
      'an unreadable message id header',
      /^UNDECODABLE/,
      (id) => ({
        key: id,
        value: 'junk',
        headers: { ...headers(), [HEADERS.messageId]: `\u0000${'x'.repeat(300)}` },
      }),
    ],
  ];

  it.each(poison)(
    'dead-letters %s with its reason and origin, and carries on',
    async (_, reason, make, debtor = AZUL) => {
      const id = e2eId(debtor);
      const message = await signed(topics.transfers, make(id));
      await probe.sendRaw(topics.transfers, message);
      const dead = await eventually(() => probe.seen.find((m) => m.topic === topics.dlq && m.key === id));
      expect(dead.headers[HEADERS.dlqReason]).toMatch(reason);
      expect(dead.headers[HEADERS.dlqOrigin]).toBe(debtor);
      expect(dead.headers[HEADERS.dlqSource]).toMatch(new RegExp(`^${topics.transfers}/\\d+/\\d+$`));
      // The operator hears of it: one warning with the reason and where it was read.
      const warned = log.entries.filter(
        (e) => e.msg === 'message dead-lettered' && e.fields.source === dead.headers[HEADERS.dlqSource],
      );
      expect(warned).toEqual([
        {
          level: 'warn',
          msg: 'message dead-lettered',
          fields: expect.objectContaining({
            reason: dead.headers[HEADERS.dlqReason],
            origin: debtor,
            messageId: dead.headers[HEADERS.dlqMessageId],
          }),
        },
      ]);
      // As base64 text: Jest compares a 100 KB Buffer byte by byte for seconds, a string at once.
      expect(dead.value.toString('base64')).toBe(Buffer.from(message.value ?? '').toString('base64'));
      const missing = await callError(hub.transfers, hub.transfers.getTransfer, { endToEndId: id });
      expect(missing.code).not.toBe(GrpcStatus.OK);
      const next = e2eId();
      await sendRequest(next, 50n);
      await heard(VERDE, next, TransferStatus.TRANSFER_STATUS_PENDING);
    },
  );

  it('dead-letters a reply of no known kind and a request on the confirmations topic', async () => {
    const id = e2eId();
    const send = async (message: Message) =>
      probe.sendRaw(topics.confirmations, await signed(topics.confirmations, message));
    await send({
      key: id,
      value: Buffer.from(
        TransferReply.encode({
          endToEndId: id,
          ispb: VERDE,
          kind: 42 as ReplyKind,
          reason: 0,
          detail: '',
        }).finish(),
      ),
      headers: headers(MESSAGE_TYPES.transferReply, VERDE),
    });
    const wrong = e2eId();
    await send({
      key: wrong,
      value: valid(wrong),
      headers: headers(),
    });
    const dead = (key: string) =>
      eventually(() => probe.seen.find((m) => m.topic === topics.dlq && m.key === key));
    expect((await dead(id)).headers[HEADERS.dlqReason]).toMatch(/UNKNOWN_REPLY_KIND/);
    expect((await dead(wrong)).headers[HEADERS.dlqReason]).toMatch(/^WRONG_TOPIC/);
  });

  it('lists transfers by bank and status, and answers NOT_FOUND for an unknown id', async () => {
    const page = await call(hub.transfers, hub.transfers.listTransfers, {
      ispb: AZUL,
      status: TransferStatus.TRANSFER_STATUS_REJECTED,
      pageSize: 2,
      pageToken: '',
      createdFrom: undefined,
      createdTo: undefined,
      updatedBefore: undefined,
      reconciliationOnly: false,
    });
    expect(page.transfers.length).toBeGreaterThan(0);
    expect(page.transfers.every((t) => t.status === TransferStatus.TRANSFER_STATUS_REJECTED)).toBe(true);
    const missing = await callError(hub.transfers, hub.transfers.getTransfer, { endToEndId: e2eId() });
    expect(missing.code).toBe(GrpcStatus.NOT_FOUND);
  });

  it('funds a bank once per idempotency key, however many calls race with it', async () => {
    const fund = () =>
      call(hub.transfers, hub.transfers.fundSettlementAccount, {
        ispb: VERDE,
        amount: 7n,
        idempotencyKey: 'w7',
      });
    const before = (await settlement(VERDE)).balance;
    const answers = await Promise.all([fund(), fund(), fund()]);
    expect(answers.map((a) => a.balance)).toEqual([before + 7n, before + 7n, before + 7n]);
    expect((await settlement(VERDE)).balance).toBe(before + 7n);
  });

  it('lets a bank with a net debit cap send beyond its balance, and refuses a cap below its position', async () => {
    const capped = await call(hub.transfers, hub.transfers.setNetDebitCap, {
      ispb: ROXO,
      netDebitCap: 1_000n,
    });
    expect(capped.available).toBe(1_000n);
    const id = e2eId(ROXO);
    await sendRequest(id, 800n, joaoCpf, ROXO);
    await heard(VERDE, id, TransferStatus.TRANSFER_STATUS_PENDING);
    const refused = await callError(hub.transfers, hub.transfers.setNetDebitCap, {
      ispb: ROXO,
      netDebitCap: 500n,
    });
    expect(refused.code).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(trailer(refused.metadata, 'codepix-error-code')).toBe('SETTLEMENT.CAP_BELOW_POSITION');
    const over = e2eId(ROXO);
    await sendRequest(over, 300n, joaoCpf, ROXO);
    const rejected = await heard(ROXO, over, TransferStatus.TRANSFER_STATUS_REJECTED);
    expect(rejected.transfer?.rejectionReason).toBe(
      RejectionReason.REJECTION_REASON_INSUFFICIENT_SETTLEMENT_FUNDS,
    );
  }, 30_000);
});
