import { randomBytes, X509Certificate } from 'node:crypto';
import type { Message } from 'kafkajs';
import { Client } from 'pg';
import { HEADERS, MESSAGE_TYPES, topicNames } from '../../lib/messaging/topics';
import { type SignedFields, verifyMessage } from '../../lib/security/message-signature';
import {
  BankMessage,
  ReplyKind,
  TransferReply,
  TransferRequest,
  TransferStatus,
} from '../../src/gen/codepix/v1/transfer';
import { dropTestDatabases } from '../support/database';
import { eventually, KafkaProbe, type Seen, testTopicPrefix } from '../support/kafka-probe';
import { seedTransfers, startTestHub, type TestHub } from '../support/test-hub';
import {
  forgedSigner,
  issueTestSigner,
  requireSecurity,
  signedMessage,
  signingHubIdentity,
  type TestSigner,
  testSigners,
} from '../support/test-signatures';
import { vectors } from '../support/vectors';

/*
 * Signed messages at the hub, on the real broker and Postgres, with the banks played by hand: every
 * forgery lands in the DLQ with its reason and moves no money; a genuine transfer flows, every message
 * the hub sends is signed by the hub, and the signatures of what moved it are kept, verifiable later.
 */
const AZUL = '11111111';
const VERDE = '22222222';
const prefix = testTopicPrefix('signed');
const topics = topicNames(prefix);
const payeeCpf = vectors.cpf.valid[3];

let hub: TestHub;
let db: Client;
const probe = new KafkaProbe();
let signer: (name: string) => TestSigner;
/** Ids of the refused requests: no bank may ever hear of them. */
const refusedIds: string[] = [];

const e2eId = () => `E${AZUL}202612011430${randomBytes(8).toString('hex').slice(0, 11)}`;
const requestBytes = (id: string, amount: bigint, debtor = AZUL) =>
  TransferRequest.encode({
    endToEndId: id,
    debtorIspb: debtor,
    debtorAccount: { branch: '1', number: '100', ownerName: 'Maria Souza' },
    creditorKey: payeeCpf,
    amount,
    description: 'rent',
    txid: '',
    requestedAt: new Date(),
  }).finish();

/** A request as a bank's relay sends it, signed by `by` (or unsigned). */
const request = (
  id: string,
  by: TestSigner | undefined,
  { origin = AZUL, debtor = AZUL, amount = 100n } = {},
) =>
  signedMessage(by, {
    topic: topics.transfers,
    key: id,
    type: MESSAGE_TYPES.transferRequest,
    origin,
    payload: requestBytes(id, amount, debtor),
  });

const reply = (id: string, by: TestSigner, ispb: string, kind: ReplyKind, origin = ispb) =>
  signedMessage(by, {
    topic: topics.confirmations,
    key: id,
    type: MESSAGE_TYPES.transferReply,
    origin,
    payload: TransferReply.encode({ endToEndId: id, ispb, kind, reason: 0, detail: '' }).finish(),
  });

const rows = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
const settlements = () => rows('SELECT ispb, balance, reserved FROM settlement_accounts ORDER BY ispb');
const dlqEntry = (id: string) =>
  eventually(() => probe.seen.find((m) => m.topic === topics.dlq && m.key === id));
const heard = (ispb: string, id: string, status: TransferStatus) =>
  probe.waitFor(topics.bank(ispb), id, BankMessage.decode, (m) => m.transfer?.status === status);
const transferStatus = async (id: string) =>
  (await rows('SELECT status FROM transactions WHERE id = $1', [id]))[0]?.status;

/** A message as a receiver checks it: the fields its signature covers, from what came off the topic. */
const fieldsOf = (m: Seen): SignedFields => ({
  topic: m.topic,
  key: m.key ?? '',
  type: m.headers[HEADERS.type],
  messageId: m.headers[HEADERS.messageId],
  origin: m.headers[HEADERS.origin],
  payload: m.value,
});
const signedByHub = (m: Seen) =>
  m.headers[HEADERS.signer] === signingHubIdentity().identity.serial &&
  verifyMessage(signingHubIdentity().certificate.publicKey, fieldsOf(m), m.headers[HEADERS.signature]);

/** Sends `message`, waits for its DLQ entry, and checks nothing moved, nothing was stored or kept. */
async function refusedUnmoved(id: string, message: Message, reason: RegExp, topic = topics.transfers) {
  const before = await settlements();
  await probe.sendRaw(topic, message);
  const dead = await dlqEntry(id);
  expect(dead.headers[HEADERS.dlqReason]).toMatch(reason);
  expect(signedByHub(dead)).toBe(true);
  expect(await settlements()).toEqual(before);
  expect(await rows('SELECT id FROM transactions WHERE id = $1', [id])).toEqual([]);
  expect(await rows('SELECT message_id FROM signed_messages WHERE end_to_end_id = $1', [id])).toEqual([]);
  refusedIds.push(id);
}

beforeAll(async () => {
  requireSecurity();
  hub = await startTestHub('signed', undefined, {
    relay: true,
    topicPrefix: prefix,
  });
  await seedTransfers(hub, payeeCpf);
  signer = await testSigners([AZUL, VERDE, 'hub']);
  db = new Client({ connectionString: hub.databaseUrl });
  await db.connect();
  await probe.start([topics.bank(AZUL), topics.bank(VERDE), topics.dlq]);
}, 60_000);

afterAll(async () => {
  await probe.stop();
  await db?.end();
  await hub?.stop();
  if (hub) await dropTestDatabases([hub.databaseUrl]);
});

describe('signed transfer messages at the hub', () => {
  const forgeries: [string, RegExp, (id: string) => Promise<Message>][] = [
    [
      'a request signed with a certificate the hub never issued',
      /^BAD_SIGNATURE: certificate [0-9a-f]+ is unknown/,
      async (id) => request(id, await forgedSigner('bank', AZUL)),
    ],
    [
      "a request signed with a forger's key under bank A's real certificate serial",
      /^BAD_SIGNATURE: the signature does not match/,
      async (id) => request(id, { ...(await forgedSigner('bank', AZUL)), serial: signer(AZUL).serial }),
    ],
    [
      'a request whose amount was changed after it was signed',
      /^BAD_SIGNATURE: the signature does not match/,
      async (id) => ({ ...request(id, signer(AZUL)), value: Buffer.from(requestBytes(id, 9_000n)) }),
    ],
    [
      'an unsigned request',
      /^BAD_SIGNATURE: the message is not signed/,
      async (id) => request(id, undefined),
    ],
    [
      'a request signed by bank B whose codepix-origin says bank A',
      new RegExp(`^ORIGIN_MISMATCH: signed by ${VERDE}, but codepix-origin says ${AZUL}`),
      async (id) => request(id, signer(VERDE)),
    ],
    [
      "bank B's own signed request to move bank A's money (debtor_ispb)",
      new RegExp(`^ORIGIN_MISMATCH: debtor_ispb is ${AZUL}, but the message is signed by ${VERDE}`),
      async (id) => request(id, signer(VERDE), { origin: VERDE }),
    ],
    [
      'a request signed by the hub itself',
      /^ORIGIN_MISMATCH: signed by a hub certificate, not a bank one/,
      async (id) => request(id, signer('hub'), { origin: 'hub' }),
    ],
  ];

  it.each(forgeries)('dead-letters %s and moves no money', async (_, reason, make) => {
    const id = e2eId();
    await refusedUnmoved(id, await make(id), reason);
  });

  it('lets no forger spend the message id of a genuine message still to come', async () => {
    const id = e2eId();
    const genuine = request(id, signer(AZUL));
    const messageId = genuine.headers[HEADERS.messageId];
    // The same message, same id and bytes, but unsigned: were it to take the id, the genuine one would
    // be skipped as its repeat.
    const forged = { ...genuine, headers: { ...genuine.headers } };
    delete forged.headers[HEADERS.signature];
    delete forged.headers[HEADERS.signer];
    await refusedUnmoved(id, forged, /^BAD_SIGNATURE: the message is not signed/);
    refusedIds.pop(); // the genuine one is heard of, rightly
    await probe.sendRaw(topics.transfers, genuine);
    await heard(VERDE, id, TransferStatus.TRANSFER_STATUS_PENDING);
    const kept = await rows('SELECT message_id FROM signed_messages WHERE end_to_end_id = $1', [id]);
    expect(kept).toEqual([{ message_id: messageId }]);
  }, 30_000);

  it('takes a request signed by a certificate until it is revoked, and none after', async () => {
    const second = await issueTestSigner('bank', AZUL);
    await hub.hub.certificates.record(second.certificate);
    const before = e2eId();
    await probe.sendRaw(topics.transfers, request(before, second));
    await heard(VERDE, before, TransferStatus.TRANSFER_STATUS_PENDING);

    await hub.hub.certificates.revoke(second.serial, 'key compromise');
    const after = e2eId();
    await refusedUnmoved(after, request(after, second), /^BAD_SIGNATURE: certificate [0-9a-f]+ was revoked/);
  }, 30_000);

  it("refuses bank A's reply in bank B's name, and the transfer waits for bank B's own", async () => {
    const id = e2eId();
    await probe.sendRaw(topics.transfers, request(id, signer(AZUL)));
    await heard(VERDE, id, TransferStatus.TRANSFER_STATUS_PENDING);
    const before = await settlements();
    await probe.sendRaw(
      topics.confirmations,
      reply(id, signer(AZUL), VERDE, ReplyKind.REPLY_KIND_CONFIRMED, AZUL),
    );
    const dead = await dlqEntry(id);
    expect(dead.headers[HEADERS.dlqReason]).toBe(
      `ORIGIN_MISMATCH: ispb is ${VERDE}, but the message is signed by ${AZUL}`,
    );
    expect(await transferStatus(id)).toBe('pending');
    expect(await settlements()).toEqual(before);

    await probe.sendRaw(
      topics.confirmations,
      reply(id, signer(VERDE), VERDE, ReplyKind.REPLY_KIND_CONFIRMED),
    );
    await heard(AZUL, id, TransferStatus.TRANSFER_STATUS_CONFIRMED);
  }, 30_000);

  it('moves a genuine transfer, signs all it sends, and keeps the signatures that moved it', async () => {
    const id = e2eId();
    await probe.sendRaw(topics.transfers, request(id, signer(AZUL), { amount: 250n }));
    await heard(VERDE, id, TransferStatus.TRANSFER_STATUS_PENDING);
    await probe.sendRaw(
      topics.confirmations,
      reply(id, signer(VERDE), VERDE, ReplyKind.REPLY_KIND_CONFIRMED),
    );
    await heard(AZUL, id, TransferStatus.TRANSFER_STATUS_CONFIRMED);
    await probe.sendRaw(topics.confirmations, reply(id, signer(AZUL), AZUL, ReplyKind.REPLY_KIND_COMPLETED));
    await eventually(async () => ((await transferStatus(id)) === 'completed' ? true : undefined));

    const sent = probe.seen.filter((m) => m.key === id && m.topic !== topics.dlq);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(sent.filter((m) => !signedByHub(m))).toEqual([]);

    // Proof from the hub's database alone: the stored bytes and headers, the certificate by its serial.
    const kept = await rows(
      `SELECT s.signer_serial, s.signature, s.signed_fields, s.payload, c.certificate
       FROM signed_messages s JOIN certificates c ON c.serial = s.signer_serial
       WHERE s.end_to_end_id = $1 ORDER BY s.received_at`,
      [id],
    );
    expect(kept.map((r) => [r.signed_fields.type, r.signed_fields.origin])).toEqual([
      [MESSAGE_TYPES.transferRequest, AZUL],
      [MESSAGE_TYPES.transferReply, VERDE],
      [MESSAGE_TYPES.transferReply, AZUL],
    ]);
    expect(kept.map((r) => r.signer_serial)).toEqual([
      signer(AZUL).serial,
      signer(VERDE).serial,
      signer(AZUL).serial,
    ]);
    for (const row of kept) {
      const key = new X509Certificate(row.certificate).publicKey;
      const fields = { ...row.signed_fields, payload: row.payload };
      expect(verifyMessage(key, fields, row.signature)).toBe(true);
      // The proof is of these bytes: another amount would not verify.
      const altered = Buffer.from(row.payload);
      altered[altered.length - 1] ^= 1;
      expect(verifyMessage(key, { ...fields, payload: altered }, row.signature)).toBe(false);
    }
    expect(TransferRequest.decode(kept[0].payload)).toMatchObject({ endToEndId: id, amount: 250n });
  }, 30_000);

  it('told no bank of any refused request', async () => {
    // The relay publishes in commit order: once this is out, anything about the refused ones would be too.
    const last = e2eId();
    await probe.sendRaw(topics.transfers, request(last, signer(AZUL)));
    await heard(VERDE, last, TransferStatus.TRANSFER_STATUS_PENDING);
    expect(refusedIds).toHaveLength(forgeries.length + 1);
    expect(probe.seen.filter((m) => refusedIds.includes(m.key ?? '') && m.topic !== topics.dlq)).toEqual([]);
  }, 30_000);
});
