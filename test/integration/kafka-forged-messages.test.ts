import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { Message } from 'kafkajs';
import { Client } from 'pg';
import { HEADERS, MESSAGE_TYPES, topicNames } from '../../lib/messaging/topics';
import {
  BankMessage,
  ReplyKind,
  TransferReply,
  TransferRequest,
  TransferStatus,
} from '../../src/gen/codepix/v1/transfer';
import { dropTestDatabases } from '../support/database';
import { eventually, KafkaProbe, testTopicPrefix } from '../support/kafka-probe';
import { seedTransfers, startTestHub, type TestHub } from '../support/test-hub';
import {
  forgedSigner,
  issueTestSigner,
  requireSecurity,
  signedMessage,
  type TestSigner,
  testSigners,
} from '../support/test-signatures';
import { vectors } from '../support/vectors';

/*
 * The property: whatever forged identity or signature a message comes with, on either of the hub's
 * inbound topics, it lands in the DLQ as BAD_SIGNATURE or ORIGIN_MISMATCH, and no money moves: no
 * transfer is stored, a pending one stays pending, no settlement account changes, nothing is kept as
 * signed. Requests claim bank AZUL's money; replies try to confirm a transfer pending at bank VERDE.
 */
const RUNS = 60;
const AZUL = '11111111';
const VERDE = '22222222';
const ROXO = '33333333';
const prefix = testTopicPrefix('forged');
const topics = topicNames(prefix);
const payeeCpf = vectors.cpf.valid[4];

let hub: TestHub;
let db: Client;
const probe = new KafkaProbe();
let signer: (name: string) => TestSigner;
let pendingId: string;
let foreign: TestSigner;
let revoked: TestSigner;

const e2eId = () => `E${AZUL}202612011430${randomBytes(8).toString('hex').slice(0, 11)}`;
const rows = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
const settlements = () => rows('SELECT ispb, balance, reserved FROM settlement_accounts ORDER BY ispb');

/** How a message is made untrustworthy: who signs it, and what changes after. */
type Forgery =
  | { kind: 'unsigned' | 'foreign-authority' | 'foreign-key-real-serial' | 'revoked' | 'hub' }
  | { kind: 'tampered-payload'; at: number }
  | { kind: 'tampered-header'; header: 'key' | 'messageId' | 'origin'; suffix: string }
  | { kind: 'other-bank-as-origin' | 'other-bank-in-payload'; by: string }
  | { kind: 'random-signature'; signature: string }
  | { kind: 'random-serial'; serial: string };

const forgery: fc.Arbitrary<Forgery> = fc.oneof(
  fc.constantFrom<Forgery>(
    { kind: 'unsigned' },
    { kind: 'foreign-authority' },
    { kind: 'foreign-key-real-serial' },
    { kind: 'revoked' },
    { kind: 'hub' },
  ),
  fc.record({ kind: fc.constant('tampered-payload' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('tampered-header' as const),
    header: fc.constantFrom('key' as const, 'messageId' as const, 'origin' as const),
    suffix: fc.string({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constantFrom('other-bank-as-origin' as const, 'other-bank-in-payload' as const),
    by: fc.constantFrom(VERDE, ROXO, AZUL),
  }),
  fc.record({
    kind: fc.constant('random-signature' as const),
    signature: fc.base64String({ maxLength: 96 }),
  }),
  fc.record({ kind: fc.constant('random-serial' as const), serial: fc.stringMatching(/^[0-9a-f]{1,40}$/) }),
);

/** The message a forger sends: `claimed` is whom the payload and origin speak for. */
function forge(
  f: Forgery,
  topic: string,
  key: string,
  claimed: string,
  payload: (ispb: string) => Uint8Array,
) {
  const fields = (origin: string, ispb = origin) => ({
    topic,
    key,
    type: topic === topics.transfers ? MESSAGE_TYPES.transferRequest : MESSAGE_TYPES.transferReply,
    origin,
    payload: payload(ispb),
  });
  const honest = signedMessage(signer(claimed), fields(claimed));
  const headers = honest.headers;
  switch (f.kind) {
    case 'unsigned':
      return signedMessage(undefined, fields(claimed));
    case 'foreign-authority':
      return signedMessage(foreign, fields(claimed));
    case 'foreign-key-real-serial':
      return signedMessage({ ...foreign, serial: signer(claimed).serial }, fields(claimed));
    case 'revoked':
      return signedMessage(revoked, fields(claimed));
    case 'hub':
      return signedMessage(signer('hub'), fields('hub', claimed));
    case 'tampered-payload': {
      const value = Buffer.from(honest.value as Buffer);
      value[f.at % value.length] ^= 0x01;
      return { ...honest, value };
    }
    case 'tampered-header': {
      const name = { key: 'key', messageId: HEADERS.messageId, origin: HEADERS.origin }[f.header];
      if (f.header === 'key') return { ...honest, key: `${key}${f.suffix}` };
      return { ...honest, headers: { ...headers, [name]: `${headers[name]}${f.suffix}` } };
    }
    case 'other-bank-as-origin': {
      // Signed by a real bank, which the origin header says is `claimed`; never `claimed` itself.
      const by = f.by === claimed ? ROXO : f.by;
      return signedMessage(signer(by), { ...fields(claimed), origin: claimed });
    }
    case 'other-bank-in-payload': {
      const by = f.by === claimed ? ROXO : f.by;
      return signedMessage(signer(by), fields(by, claimed));
    }
    case 'random-signature':
      return { ...honest, headers: { ...headers, [HEADERS.signature]: f.signature } };
    case 'random-serial':
      return { ...honest, headers: { ...headers, [HEADERS.signer]: f.serial } };
  }
}

const requestBytes = (id: string) => (debtor: string) =>
  TransferRequest.encode({
    endToEndId: id,
    debtorIspb: debtor,
    debtorAccount: { branch: '1', number: '100', ownerName: 'Maria Souza' },
    creditorKey: payeeCpf,
    amount: 500n,
    description: 'forged',
    txid: '',
    requestedAt: new Date(),
  }).finish();
const confirmBytes = (ispb: string) =>
  TransferReply.encode({
    endToEndId: pendingId,
    ispb,
    kind: ReplyKind.REPLY_KIND_CONFIRMED,
    reason: 0,
    detail: '',
  }).finish();

beforeAll(async () => {
  requireSecurity();
  hub = await startTestHub('forged', undefined, {
    relay: true,
    topicPrefix: prefix,
    transfers: { deadlineMs: 300_000 }, // the transfer under attack stays pending for the whole run
  });
  await seedTransfers(hub, payeeCpf);
  signer = await testSigners([AZUL, VERDE, ROXO, 'hub']);
  db = new Client({ connectionString: hub.databaseUrl });
  await db.connect();
  foreign = await forgedSigner('bank', AZUL);
  revoked = await issueTestSigner('bank', AZUL);
  await hub.hub.certificates.record(revoked.certificate);
  await hub.hub.certificates.revoke(revoked.serial, 'key compromise');
  await probe.start([topics.bank(VERDE), topics.dlq]);
  pendingId = e2eId();
  const request = signedMessage(signer(AZUL), {
    topic: topics.transfers,
    key: pendingId,
    type: MESSAGE_TYPES.transferRequest,
    origin: AZUL,
    payload: requestBytes(pendingId)(AZUL),
  });
  await probe.sendRaw(topics.transfers, request);
  await probe.waitFor(
    topics.bank(VERDE),
    pendingId,
    BankMessage.decode,
    (m) => m.transfer?.status === TransferStatus.TRANSFER_STATUS_PENDING,
  );
}, 60_000);

afterAll(async () => {
  await probe.stop();
  await db?.end();
  await hub?.stop();
  if (hub) await dropTestDatabases([hub.databaseUrl]);
});

it('dead-letters every forged request and reply as BAD_SIGNATURE or ORIGIN_MISMATCH, and moves no money', async () => {
  const before = await settlements();
  const requestIds: string[] = [];
  const messageIds: string[] = [];
  await fc.assert(
    fc.asyncProperty(forgery, fc.boolean(), async (f, asReply) => {
      let message: Message & { headers: Record<string, string> };
      let topic: string;
      if (asReply) {
        topic = topics.confirmations;
        message = forge(f, topic, pendingId, VERDE, confirmBytes);
      } else {
        topic = topics.transfers;
        const id = e2eId();
        requestIds.push(id);
        message = forge(f, topic, id, AZUL, requestBytes(id));
      }
      const messageId = message.headers[HEADERS.messageId];
      messageIds.push(messageId);
      await probe.sendRaw(topic, message);
      const dead = await eventually(() =>
        probe.seen.find((m) => m.topic === topics.dlq && m.headers[HEADERS.dlqMessageId] === messageId),
      );
      expect(dead.headers[HEADERS.dlqReason]).toMatch(/^(BAD_SIGNATURE|ORIGIN_MISMATCH): /);
    }),
    { numRuns: RUNS },
  );
  expect(await settlements()).toEqual(before);
  expect(await rows('SELECT id FROM transactions WHERE id = ANY($1)', [requestIds])).toEqual([]);
  expect(await rows('SELECT status FROM transactions WHERE id = $1', [pendingId])).toEqual([
    { status: 'pending' },
  ]);
  const kept = await rows('SELECT message_id FROM signed_messages WHERE message_id = ANY($1)', [messageIds]);
  expect(kept).toEqual([]);
}, 120_000);
