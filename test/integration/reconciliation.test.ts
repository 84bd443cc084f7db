import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { HEADERS, MESSAGE_TYPES, topicNames } from '../../lib/messaging/topics';
import {
  BankMessage,
  ReconciliationReason,
  ReplyKind,
  TransferReply,
  TransferRequest,
  TransferStatus,
} from '../../src/gen/codepix/v1/transfer';
import { buildCliOnce, run } from '../support/cli';
import { dropTestDatabases } from '../support/database';
import { call } from '../support/grpc-call';
import { eventually, KafkaProbe, testTopicPrefix } from '../support/kafka-probe';
import { seedTransfers, startTestHub, type TestHub } from '../support/test-hub';
import { signAsOrigin } from '../support/test-signatures';
import { vectors } from '../support/vectors';

/*
 * Nothing left silently half-done, at the hub: transfers a bank disowns and transfers whose debtor bank
 * never acknowledges are raised for reconciliation (a row, an error log, a metric) and can be listed; a
 * message reusing an id for other contents lands in the DLQ. The banks are played on raw Kafka.
 */
const AZUL = '11111111';
const VERDE = '22222222';
const prefix = testTopicPrefix('recon');
const topics = topicNames(prefix);
const joaoCpf = vectors.cpf.valid[1];
/** Remind after 300 ms, then at most every 600 ms; give up 2.5 s after the confirmation. */
const REMINDERS = { firstAfterMs: 300, maxIntervalMs: 600, reconcileAfterMs: 2_500 };

let hub: TestHub;
let db: Client;
const probe = new KafkaProbe(signAsOrigin);

/** Sends a message with the headers given, signed as its origin bank (as the real bank would). */
async function sendSigned(
  topic: string,
  message: { key: string; value: Buffer; headers: Record<string, string> },
) {
  const h = message.headers;
  const signature = await signAsOrigin({
    topic,
    key: message.key,
    type: h[HEADERS.type] ?? '',
    messageId: h[HEADERS.messageId] ?? '',
    origin: h[HEADERS.origin] ?? '',
    payload: message.value,
  });
  await probe.sendRaw(topic, { ...message, headers: { ...h, ...signature } });
}

const e2eId = () => `E${AZUL}202611211430${randomBytes(8).toString('hex').slice(0, 11)}`;
const request = (id: string, amount: bigint) =>
  Buffer.from(
    TransferRequest.encode({
      endToEndId: id,
      debtorIspb: AZUL,
      debtorAccount: { branch: '1', number: '100', ownerName: 'Maria Souza' },
      creditorKey: joaoCpf,
      amount,
      description: 'lunch',
      txid: '',
      requestedAt: new Date(),
    }).finish(),
  );
const headers = (type: string, origin: string, messageId = randomUUID()) => ({
  [HEADERS.messageId]: messageId,
  [HEADERS.type]: type,
  [HEADERS.origin]: origin,
});
const sendReply = (id: string, ispb: string, kind: ReplyKind) =>
  sendSigned(topics.confirmations, {
    key: id,
    value: Buffer.from(TransferReply.encode({ endToEndId: id, ispb, kind, reason: 0, detail: '' }).finish()),
    headers: headers(MESSAGE_TYPES.transferReply, ispb),
  });
const confirmedNotices = (id: string) =>
  probe.seen.filter(
    (m) =>
      m.topic === topics.bank(AZUL) &&
      m.key === id &&
      BankMessage.decode(m.value).transfer?.status === TransferStatus.TRANSFER_STATUS_CONFIRMED,
  ).length;
const getTransfer = (endToEndId: string) => call(hub.transfers, hub.transfers.getTransfer, { endToEndId });
const reconciliationRow = async (id: string) =>
  (await db.query('SELECT reason, raised_by, detail FROM reconciliations WHERE end_to_end_id = $1', [id]))
    .rows[0];
/** What the hub's registry would serve on /metrics for this reason. */
const alerts = async (reason: string) => {
  const text = await hub.hub.metrics.registry.metrics();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`codepix_reconciliation_alerts_total{reason="${reason}"}`));
  return Number(line?.split(' ').at(-1));
};

/** Sends a transfer and has the creditor confirm it; resolves once the debtor bank has been told. */
async function confirmedTransfer(amount = 100n): Promise<string> {
  const id = e2eId();
  await sendSigned(topics.transfers, {
    key: id,
    value: request(id, amount),
    headers: headers(MESSAGE_TYPES.transferRequest, AZUL),
  });
  await probe.waitFor(topics.bank(VERDE), id, BankMessage.decode, (m) => m.transfer !== undefined);
  await sendReply(id, VERDE, ReplyKind.REPLY_KIND_CONFIRMED);
  await eventually(() => confirmedNotices(id) || undefined);
  return id;
}

beforeAll(async () => {
  hub = await startTestHub('recon', undefined, {
    relay: true,
    topicPrefix: prefix,
    transfers: { deadlineMs: 5_000, sweepIntervalMs: 100, reminders: REMINDERS },
  });
  await seedTransfers(hub, joaoCpf, 100_000n);
  await probe.start([topics.bank(AZUL), topics.bank(VERDE), topics.dlq]);
  db = new Client({ connectionString: hub.databaseUrl });
  await db.connect();
  await buildCliOnce();
}, 150_000);

afterAll(async () => {
  await db?.end();
  await probe.stop();
  await hub?.stop();
  if (hub) await dropTestDatabases([hub.databaseUrl]);
});

describe('reconciliation at the hub', () => {
  it('raises a transfer its debtor bank says it never sent: a row, the metric, and the transfer shows it', async () => {
    const before = await alerts('UNKNOWN_TRANSFER');
    const overdue = await alerts('ACK_OVERDUE');
    const id = await confirmedTransfer();
    await sendReply(id, AZUL, ReplyKind.REPLY_KIND_UNKNOWN_TRANSFER);
    const row = await eventually(() => reconciliationRow(id));
    expect(row).toEqual({
      reason: 'UNKNOWN_TRANSFER',
      raised_by: `bank:${AZUL}`,
      detail: `the debtor bank ${AZUL} has no record of this confirmed transfer`,
    });
    expect(await alerts('UNKNOWN_TRANSFER')).toBe(before + 1);
    const stored = await getTransfer(id);
    expect(stored.status).toBe(TransferStatus.TRANSFER_STATUS_CONFIRMED);
    expect(stored.reconciliationReason).toBe(ReconciliationReason.RECONCILIATION_REASON_UNKNOWN_TRANSFER);
    // Said again, it is raised once; and a raised transfer is no longer reminded.
    await sendReply(id, AZUL, ReplyKind.REPLY_KIND_UNKNOWN_TRANSFER);
    const notices = confirmedNotices(id);
    await new Promise((r) => setTimeout(r, REMINDERS.reconcileAfterMs));
    expect(await alerts('UNKNOWN_TRANSFER')).toBe(before + 1);
    expect(await alerts('ACK_OVERDUE')).toBe(overdue);
    expect(confirmedNotices(id)).toBe(notices);
  }, 30_000);

  it('re-sends CONFIRMED to a debtor bank that never acks, then raises the transfer as ACK_OVERDUE', async () => {
    const before = await alerts('ACK_OVERDUE');
    const id = await confirmedTransfer();
    await eventually(() => (confirmedNotices(id) >= 3 ? true : undefined), 5_000);
    const row = await eventually(() => reconciliationRow(id), 10_000);
    expect(row).toMatchObject({ reason: 'ACK_OVERDUE', raised_by: 'hub' });
    expect(row.detail).toMatch(new RegExp(`^no COMPLETED from the debtor bank ${AZUL} in \\d+ s`));
    expect(await alerts('ACK_OVERDUE')).toBe(before + 1);
    const reminders = await db.query('SELECT sent FROM confirmation_reminders WHERE end_to_end_id = $1', [
      id,
    ]);
    expect(reminders.rows[0].sent).toBe(confirmedNotices(id) - 1);
    // Raised: no more reminders; an ack that comes at last still completes it.
    const notices = confirmedNotices(id);
    await new Promise((r) => setTimeout(r, 4 * REMINDERS.maxIntervalMs));
    expect(confirmedNotices(id)).toBe(notices);
    await sendReply(id, AZUL, ReplyKind.REPLY_KIND_COMPLETED);
    await eventually(async () =>
      (await getTransfer(id)).status === TransferStatus.TRANSFER_STATUS_COMPLETED ? true : undefined,
    );
  }, 30_000);

  it('stops reminding once the debtor bank acks after a reminder', async () => {
    const id = await confirmedTransfer();
    await eventually(() => (confirmedNotices(id) >= 2 ? true : undefined), 5_000);
    await sendReply(id, AZUL, ReplyKind.REPLY_KIND_COMPLETED);
    await eventually(async () =>
      (await getTransfer(id)).status === TransferStatus.TRANSFER_STATUS_COMPLETED ? true : undefined,
    );
    const notices = confirmedNotices(id);
    await new Promise((r) => setTimeout(r, REMINDERS.reconcileAfterMs + 500));
    expect(confirmedNotices(id)).toBe(notices);
    expect(await reconciliationRow(id)).toBeUndefined();
  }, 30_000);

  it('lists confirmed transfers stuck for longer than asked, and those raised, over gRPC and the CLI', async () => {
    const stuck = await confirmedTransfer();
    const list = (request: { updatedBefore?: Date; reconciliationOnly?: boolean }) =>
      call(hub.transfers, hub.transfers.listTransfers, {
        ispb: '',
        status: TransferStatus.TRANSFER_STATUS_CONFIRMED,
        createdFrom: undefined,
        createdTo: undefined,
        updatedBefore: undefined,
        reconciliationOnly: false,
        pageSize: 1,
        pageToken: '',
        ...request,
      });
    const ids = (page: { transfers: { endToEndId: string }[] }) => page.transfers.map((t) => t.endToEndId);
    expect(ids(await list({ updatedBefore: new Date(Date.now() - 60_000) }))).not.toContain(stuck);
    await new Promise((r) => setTimeout(r, 1_000));
    const firstPage = await list({ updatedBefore: new Date() });
    expect(ids(firstPage)).toEqual([stuck]);
    expect(firstPage.nextPageToken).not.toBe('');

    const cli = await run([
      '--hub',
      hub.address,
      '--json',
      'transfer',
      'list',
      '--status',
      'confirmed',
      '--older-than',
      '1s',
    ]);
    expect(cli.code).toBe(0);
    const listed: { endToEndId: string; status: string }[] = JSON.parse(cli.stdout);
    expect(listed.map((t) => t.endToEndId)).toContain(stuck);
    expect(listed.every((t) => t.status === 'confirmed')).toBe(true);

    await eventually(() => reconciliationRow(stuck), 10_000);
    const raised = await run(['--hub', hub.address, '--json', 'transfer', 'list', '--reconciliation']);
    const all: { endToEndId: string; reconciliation: { reason: string } | null }[] = JSON.parse(
      raised.stdout,
    );
    expect(all.find((t) => t.endToEndId === stuck)?.reconciliation?.reason).toBe('ACK_OVERDUE');
    expect(all.every((t) => t.reconciliation !== null)).toBe(true);
    const refused = await run(['--hub', hub.address, 'transfer', 'list', '--older-than', 'soon']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/like 30s, 1m/);
  }, 40_000);
});

describe('message ids at the hub', () => {
  it('dead-letters a message reusing an earlier message id for other contents, and skips a true repeat', async () => {
    const messageId = randomUUID();
    const first = e2eId();
    const firstMessage = {
      key: first,
      value: request(first, 100n),
      headers: headers(MESSAGE_TYPES.transferRequest, AZUL, messageId),
    };
    await sendSigned(topics.transfers, firstMessage);
    await probe.waitFor(topics.bank(VERDE), first, BankMessage.decode);
    const forged = e2eId();
    const forgedValue = request(forged, 5_000n);
    await sendSigned(topics.transfers, {
      key: forged,
      value: forgedValue,
      headers: headers(MESSAGE_TYPES.transferRequest, AZUL, messageId),
    });
    await sendSigned(topics.transfers, firstMessage);
    // Keyed like the first, so once the hub has applied it, it has read the repeat before it.
    const sentinel = e2eId();
    await sendSigned(topics.transfers, {
      key: first,
      value: request(sentinel, 100n),
      headers: headers(MESSAGE_TYPES.transferRequest, AZUL),
    });
    await probe.waitFor(topics.bank(VERDE), sentinel, BankMessage.decode);
    const dead = await eventually(() => probe.seen.find((m) => m.topic === topics.dlq && m.key === forged));
    expect(dead.headers[HEADERS.dlqReason]).toMatch(/^MESSAGE_ID_REUSED: message id /);
    expect(dead.headers[HEADERS.dlqMessageId]).toBe(messageId);
    expect(dead.headers[HEADERS.dlqSource]).toMatch(new RegExp(`^${topics.transfers}/\\d+/\\d+$`));
    expect(dead.value).toEqual(forgedValue);
    // Dead-lettered by its source: the DLQ row and no transfer; the repeat of the first is no news.
    const rows = await db.query('SELECT reason FROM dead_letters WHERE source = $1', [
      dead.headers[HEADERS.dlqSource],
    ]);
    expect(rows.rows[0].reason).toMatch(/^MESSAGE_ID_REUSED/);
    expect((await db.query('SELECT 1 FROM transactions WHERE id = $1', [forged])).rowCount).toBe(0);
    expect(probe.seen.filter((m) => m.topic === topics.dlq && m.key === first)).toEqual([]);
    expect(probe.seen.filter((m) => m.topic === topics.bank(VERDE) && m.key === first)).toHaveLength(1);
  }, 30_000);

  it('dead-letters an unreadable message that reuses an earlier message id, which used to vanish', async () => {
    const messageId = randomUUID();
    const first = e2eId();
    await sendSigned(topics.transfers, {
      key: first,
      value: request(first, 100n),
      headers: headers(MESSAGE_TYPES.transferRequest, AZUL, messageId),
    });
    await probe.waitFor(topics.bank(VERDE), first, BankMessage.decode);
    const wrong = e2eId();
    await sendSigned(topics.transfers, {
      key: wrong,
      value: Buffer.from('a reply on the wrong topic'),
      headers: headers(MESSAGE_TYPES.transferReply, AZUL, messageId),
    });
    const dead = await eventually(() => probe.seen.find((m) => m.topic === topics.dlq && m.key === wrong));
    expect(dead.headers[HEADERS.dlqReason]).toMatch(/^WRONG_TOPIC/);
  }, 30_000);
});
