import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type Scrape, scrapeAll, total } from '../../bench/hops';
import { DEMO_BANKS } from '../../cmd/demo-data';
import { HEADERS, MESSAGE_TYPES, topicNames } from '../../lib/messaging/topics';
import type { SignedFields } from '../../lib/security/message-signature';
import { BankMessage, TransferRequest } from '../../src/gen/codepix/v1/transfer';
import { eventually, KafkaProbe } from '../support/kafka-probe';
import { signatureHeaders, signerOfIdentity } from '../support/test-signatures';
import { api, startTransferStack, transferStack } from '../support/transfer-stack';
import { vectors } from '../support/vectors';

/**
 * The whole system: a real hub and three real banks, each its own process, on real Kafka and Postgres.
 * Money moves only through the banks' HTTP APIs, as customers would move it; each test ends with
 * invariants I1-I4.
 */
const [AZUL, VERDE, ROXO] = DEMO_BANKS.map((bank) => bank.ispb);
const owner = (ownerName: string, ownerTaxId: string) => ({ ownerName, ownerTaxId });
const [maria, joao, ana, pedro] = vectors.cpf.valid.map((taxId, i) =>
  owner(['Maria Souza', 'João Lima', 'Ana Reis', 'Pedro Alves'][i] ?? `Cliente ${i}`, taxId),
);
// Short enough to test expiry quickly, long enough to outlast a consumer-group rebalance.
const DEADLINE_MS = 8_000;
const stack = transferStack({ name: 'e2e', deadlineMs: DEADLINE_MS });

type Customer = { number: string; key?: string };
let payer: Customer;
let payee: Customer;

const send = (
  from: Customer,
  key: string,
  amount: bigint,
  bank = AZUL,
  idempotencyKey: string = randomUUID(),
) =>
  api(
    stack.bank(bank),
    'POST',
    '/transfers',
    { fromAccount: from.number, key, amount: amount.toString() },
    {
      'idempotency-key': idempotencyKey,
    },
  );

const finalState = (bank: string, id: string, direction = 'outgoing') =>
  eventually(async () => {
    const { body } = await api(stack.bank(bank), 'GET', `/transfers/${id}?direction=${direction}`);
    return body?.status === 'completed' || body?.status === 'rejected' ? body : undefined;
  }, 20_000);

/**
 * Waits until a one-cent transfer completes: the hub's consumer groups may still be rebalancing after an
 * earlier test stopped a hub, and a transfer caught in that pause may expire.
 */
async function untilTransfersFlow(from: Customer): Promise<void> {
  await eventually(async () => {
    const sent = await send(from, joao.ownerTaxId, 1n);
    return (await finalState(AZUL, sent.body.endToEndId)).status === 'completed' || undefined;
  }, 60_000);
}

/** Signed as the stack's bank the message says it is from, with the identity the stack's hub issued it. */
async function signAsStackBank(fields: SignedFields): Promise<Record<string, string>> {
  const identity = stack.identities.bank(fields.origin);
  return identity ? signatureHeaders(signerOfIdentity(identity), fields) : {};
}

const balance = async (bank: string, number: string) =>
  BigInt((await api(stack.bank(bank), 'GET', `/accounts/${number}`)).body.balance);

beforeAll(async () => {
  await startTransferStack(stack);
  await stack.fund(AZUL, 10_000_000n);
  await stack.fund(VERDE, 10_000_000n);
  payer = await stack.customer(AZUL, maria, 100_000n, { kind: 'cpf', key: maria.ownerTaxId });
  payee = await stack.customer(VERDE, joao, 0n, { kind: 'cpf', key: joao.ownerTaxId });
}, 180_000);

afterAll(() => stack.stop(), 60_000);

afterEach(async () => {
  expect(await stack.invariants()).toEqual([]);
}, 60_000);

describe('transfers end to end', () => {
  it('moves money between two banks, reaching completed at both', async () => {
    const before = await balance(VERDE, payee.number);
    const sent = await send(payer, joao.ownerTaxId, 1_234n);
    expect(sent.status).toBe(202);
    const done = await finalState(AZUL, sent.body.endToEndId);
    expect(done.status).toBe('completed');
    expect((await finalState(VERDE, sent.body.endToEndId, 'incoming')).status).toBe('completed');
    expect(await balance(VERDE, payee.number)).toBe(before + 1_234n);
  }, 30_000);

  it("shows every hop on /metrics: the hub's and the banks' histograms move while transfers flow", async () => {
    const urls = [
      stack.hubs[0].metricsUrl,
      `${stack.bank(AZUL).url}/metrics`,
      `${stack.bank(VERDE).url}/metrics`,
    ];
    const [hubBefore, azulBefore, verdeBefore] = await scrapeAll(urls);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await send(payer, joao.ownerTaxId, 10n)).body.endToEndId as string);
    for (const id of ids) expect((await finalState(AZUL, id)).status).toBe('completed');
    const moved = (before: Scrape, after: Scrape, name: string, filter: Record<string, string> = {}) =>
      total([after], name, filter) - total([before], name, filter);
    // A debtor bank counts a transfer completed once confirmed; the hub, once the bank acks it.
    const [hubAfter, azulAfter, verdeAfter] = await eventually(async () => {
      const scrapes = await scrapeAll(urls);
      const done = moved(hubBefore, scrapes[0] as Scrape, 'codepix_transfers_total', {
        outcome: 'completed',
      });
      return done >= 5 ? scrapes : undefined;
    }, 20_000);
    const prefix = stack.topicPrefix;
    for (const group of [`${prefix}-hub-transactions`, `${prefix}-hub-confirmations`]) {
      expect(
        moved(hubBefore, hubAfter, 'codepix_consumer_message_age_seconds_count', { group }),
      ).toBeGreaterThanOrEqual(5);
      expect(moved(hubBefore, hubAfter, 'codepix_consumer_apply_seconds_count', { group })).toBeGreaterThan(
        0,
      );
      expect(
        moved(hubBefore, hubAfter, 'codepix_consumer_batch_messages_sum', { group }),
      ).toBeGreaterThanOrEqual(5);
    }
    expect(moved(hubBefore, hubAfter, 'codepix_consumer_offset_commit_seconds_count')).toBeGreaterThan(0);
    expect(moved(hubBefore, hubAfter, 'codepix_outbox_lag_seconds_count')).toBeGreaterThanOrEqual(10);
    expect(moved(hubBefore, hubAfter, 'codepix_db_pool_wait_seconds_count', { pool: 'hub' })).toBeGreaterThan(
      0,
    );
    expect(moved(hubBefore, hubAfter, 'codepix_transfer_seconds_count', { to: 'completed' })).toBe(5);
    expect(moved(hubBefore, hubAfter, 'codepix_transfers_total', { outcome: 'completed' })).toBe(5);
    const sends = { route: '/transfers', method: 'POST', status: '202' };
    expect(moved(azulBefore, azulAfter, 'codepix_bank_http_request_seconds_count', sends)).toBe(5);
    for (const [before, after] of [
      [azulBefore, azulAfter],
      [verdeBefore, verdeAfter],
    ] as const) {
      expect(moved(before, after, 'codepix_consumer_message_age_seconds_count')).toBeGreaterThanOrEqual(5);
      expect(moved(before, after, 'codepix_outbox_lag_seconds_count')).toBeGreaterThanOrEqual(5);
      expect(moved(before, after, 'codepix_db_pool_wait_seconds_count', { pool: 'bank' })).toBeGreaterThan(0);
    }
  }, 60_000);

  it('moves money between two accounts of one bank', async () => {
    const sibling = await stack.customer(AZUL, ana, 0n, { kind: 'email', key: 'ana.reis@example.com' });
    const sent = await send(payer, 'ana.reis@example.com', 500n);
    expect((await finalState(AZUL, sent.body.endToEndId)).status).toBe('completed');
    expect(await balance(AZUL, sibling.number)).toBe(500n);
  }, 30_000);

  it('rejects a transfer to an unknown key and releases the hold', async () => {
    const sent = await send(payer, 'nobody-here@example.com', 700n);
    const done = await finalState(AZUL, sent.body.endToEndId);
    expect(done).toMatchObject({ status: 'rejected', reason: 'KEY_NOT_FOUND' });
    expect((await api(stack.bank(AZUL), 'GET', `/accounts/${payer.number}`)).body.held).toBe('0');
  }, 30_000);

  it('is rejected by the creditor bank when the account is closed', async () => {
    const closed = await stack.customer(VERDE, pedro, 0n, { kind: 'email', key: 'pedro.alves@example.com' });
    await api(stack.bank(VERDE), 'POST', `/accounts/${closed.number}/close`);
    const sent = await send(payer, 'pedro.alves@example.com', 800n);
    expect(await finalState(AZUL, sent.body.endToEndId)).toMatchObject({
      status: 'rejected',
      reason: 'CREDITOR_ACCOUNT_CLOSED',
    });
  }, 30_000);

  it('is refused by the debtor bank when the customer cannot pay, and nothing is sent', async () => {
    const poor = await stack.customer(AZUL, owner('Sem Saldo', vectors.cpf.valid[4]), 100n);
    const sent = await send(poor, joao.ownerTaxId, 101n);
    expect(sent.status).toBe(422);
    expect(sent.body.error.code).toBe('ACCOUNT.INSUFFICIENT_FUNDS');
    const list = await api(stack.bank(AZUL), 'GET', `/transfers?account=${poor.number}`);
    expect(list.body.transfers).toEqual([]);
  }, 30_000);

  it('is rejected by the hub when the settlement account cannot pay', async () => {
    const roxo = await stack.customer(ROXO, owner('Cliente Roxo', vectors.cpf.valid[5]), 50_000n);
    const sent = await send(roxo, joao.ownerTaxId, 10_000n, ROXO);
    expect(await finalState(ROXO, sent.body.endToEndId)).toMatchObject({
      status: 'rejected',
      reason: 'INSUFFICIENT_SETTLEMENT_FUNDS',
    });
    expect(await balance(ROXO, roxo.number)).toBe(50_000n);
  }, 30_000);

  it('rejects a transfer when the creditor bank is down past the deadline, and credits nothing later', async () => {
    const before = await balance(VERDE, payee.number);
    await stack.stopBank(VERDE, 'SIGKILL');
    const sent = await send(payer, joao.ownerTaxId, 900n);
    expect(await finalState(AZUL, sent.body.endToEndId)).toMatchObject({
      status: 'rejected',
      reason: 'DEADLINE_EXCEEDED',
    });
    await stack.startBank(VERDE);
    const late = await finalState(VERDE, sent.body.endToEndId, 'incoming');
    expect(late.status).toBe('rejected');
    expect(await balance(VERDE, payee.number)).toBe(before);
  }, 90_000);

  it('makes one transfer of a request sent twice with one idempotency key', async () => {
    const key = randomUUID();
    const first = await send(payer, joao.ownerTaxId, 321n, AZUL, key);
    const second = await send(payer, joao.ownerTaxId, 321n, AZUL, key);
    expect(second.body.endToEndId).toBe(first.body.endToEndId);
    expect((await finalState(AZUL, first.body.endToEndId)).status).toBe('completed');
    const statement = await api(stack.bank(AZUL), 'GET', `/accounts/${payer.number}/statement`);
    const debits = statement.body.entries.filter(
      (e: { endToEndId?: string }) => e.endToEndId === first.body.endToEndId,
    );
    expect(debits).toHaveLength(1);
  }, 30_000);

  it('refuses the same end-to-end id with another payload and leaves the transfer alone', async () => {
    const topics = topicNames(stack.topicPrefix);
    // Bank AZUL itself (its key signs) sending a second payload under an id it used.
    const probe = new KafkaProbe(signAsStackBank);
    await probe.start([topics.bank(AZUL)]);
    try {
      const sent = await send(payer, joao.ownerTaxId, 444n);
      const id: string = sent.body.endToEndId;
      expect((await finalState(AZUL, id)).status).toBe('completed');
      const forged = TransferRequest.encode({
        endToEndId: id,
        debtorIspb: AZUL,
        debtorAccount: { branch: '0001', number: payer.number, ownerName: maria.ownerName },
        creditorKey: joao.ownerTaxId,
        amount: 99_999n,
        description: '',
        requestedAt: new Date(),
      }).finish();
      await probe.send(topics.transfers, id, forged, MESSAGE_TYPES.transferRequest, AZUL);
      const refused = await probe.waitFor(
        topics.bank(AZUL),
        id,
        BankMessage.decode,
        (m) => m.refused !== undefined,
      );
      expect(refused.refused?.detail).toBeTruthy();
      expect((await api(stack.bank(AZUL), 'GET', `/transfers/${id}`)).body).toMatchObject({
        status: 'completed',
        amount: '444',
      });
    } finally {
      await probe.stop();
    }
  }, 30_000);

  it('completes exactly 10 of 50 concurrent sends from an account that can pay for 10', async () => {
    const saver = await stack.customer(AZUL, owner('Ana Poupança', vectors.cpf.valid[6]), 10_000n);
    const answers = await Promise.all(Array.from({ length: 50 }, () => send(saver, joao.ownerTaxId, 1_000n)));
    const accepted = answers.filter((a) => a.status === 202);
    expect(accepted).toHaveLength(10);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(40);
    const outcomes = await Promise.all(accepted.map((a) => finalState(AZUL, a.body.endToEndId)));
    expect(outcomes.every((o) => o.status === 'completed')).toBe(true);
    expect(await balance(AZUL, saver.number)).toBe(0n);
  }, 60_000);

  it('completes every transfer while two hub instances share the work', async () => {
    const second = await stack.addHub();
    try {
      const rich = await stack.customer(AZUL, owner('Rica', vectors.cnpj.valid[0]), 1_000_000n);
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => send(rich, joao.ownerTaxId, BigInt(100 + i))),
      );
      expect(answers.every((a) => a.status === 202)).toBe(true);
      const outcomes = await Promise.all(answers.map((a) => finalState(AZUL, a.body.endToEndId)));
      expect(outcomes.filter((o) => o.status === 'completed')).toHaveLength(40);
    } finally {
      await stack.stopHub(second);
    }
  }, 60_000);

  it('stops a bank gracefully on SIGTERM mid-flow: exit 0, outbox flushed, nothing applied uncommitted', async () => {
    const rich = await stack.customer(AZUL, owner('Graça', vectors.cnpj.valid[1]), 1_000_000n);
    await untilTransfersFlow(rich);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => send(rich, joao.ownerTaxId, BigInt(200 + i))),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const { databaseUrl } = stack.bank(AZUL);
    expect(await stack.stopBank(AZUL, 'SIGTERM')).toBe(0);
    const topics = topicNames(stack.topicPrefix);
    const probe = new KafkaProbe();

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      expect((await db.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(0);
      // Offsets were committed for every batch it applied: what lies past them, it never applied.
      const group = `${stack.topicPrefix}-bank-${AZUL}`;
      const admin = probe.kafka.admin();
      await admin.connect();
      const [committed] = await admin
        .fetchOffsets({ groupId: group, topics: [topics.bank(AZUL)] })
        .finally(() => admin.disconnect());
      const from = new Map(committed.partitions.map((p) => [p.partition, BigInt(p.offset)]));
      const unread = (await probe.readTopic(topics.bank(AZUL))).filter(
        (m) => m.offset >= (from.get(m.partition) ?? 0n),
      );
      const ids = unread.map((m) => m.headers[HEADERS.messageId]);
      const applied = await db.query('SELECT message_id FROM inbox WHERE message_id = ANY($1)', [ids]);
      expect(applied.rows).toEqual([]);
    } finally {
      await db.end();
    }

    await stack.startBank(AZUL);
    const outcomes = await Promise.all(answers.map((a) => finalState(AZUL, a.body.endToEndId)));
    expect(outcomes.filter((o) => o.status === 'completed')).toHaveLength(40);
  }, 90_000);

  it('stops a hub process gracefully on SIGTERM mid-flow: exit 0, and the other hub finishes the work', async () => {
    const hub = await stack.addHub();
    const rich = await stack.customer(AZUL, owner('Termina', vectors.cnpj.valid[2]), 1_000_000n);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => send(rich, joao.ownerTaxId, BigInt(300 + i))),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(await stack.stopHub(hub, 'SIGTERM')).toBe(0);
    expect(hub.service.logTail(100)).toContain('hub stopped');
    // Every transfer ends, at both banks and the hub (afterEach). The consumer groups rebalance twice
    // (the hub joins, then leaves); a pause can outlast the deadline (up to 10 s seen), so a transfer
    // caught in it may expire, and that is the only way one may fail.
    const outcomes = await Promise.all(answers.map((a) => finalState(AZUL, a.body.endToEndId)));
    const failed = outcomes.filter((o) => o.status !== 'completed');
    expect(failed.filter((o) => o.reason !== 'DEADLINE_EXCEEDED')).toEqual([]);
  }, 90_000);
});
