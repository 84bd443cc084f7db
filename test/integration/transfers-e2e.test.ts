import { randomUUID } from 'node:crypto';
import { type Scrape, scrapeAll, total } from '../../bench/hops';
import { MESSAGE_TYPES, topicNames } from '../../lib/messaging/topics';
import { BankMessage, TransferRequest } from '../../src/gen/codepix/v1/transfer';
import { eventually, KafkaProbe } from '../support/kafka-probe';
import { signAsStackBank } from '../support/test-signatures';
import { api } from '../support/transfer-stack';
import {
  AZUL,
  ana,
  joao,
  maria,
  owner,
  pedro,
  ROXO,
  transfersFixture,
  VERDE,
} from '../support/transfers-fixture';
import { vectors } from '../support/vectors';

/**
 * The whole system: a real hub and three real banks, each its own process, on real Kafka and Postgres.
 * Money moves only through the banks' HTTP APIs, as customers would move it: each way a transfer ends.
 * Each test ends with invariants I1-I4 (transfers-restarts.test.ts has the parts going down mid-flow).
 */
const f = transfersFixture('e2e');

describe('transfers end to end', () => {
  it('moves money between two banks, reaching completed at both', async () => {
    const before = await f.balance(VERDE, f.payee.number);
    const sent = await f.send(f.payer, joao.ownerTaxId, 1_234n);
    expect(sent.status).toBe(202);
    const done = await f.finalState(AZUL, sent.body.endToEndId);
    expect(done.status).toBe('completed');
    expect((await f.finalState(VERDE, sent.body.endToEndId, 'incoming')).status).toBe('completed');
    expect(await f.balance(VERDE, f.payee.number)).toBe(before + 1_234n);
  }, 30_000);

  it("shows every hop on /metrics: the hub's and the banks' histograms move while transfers flow", async () => {
    const urls = [
      f.stack.hubs[0].metricsUrl,
      `${f.stack.bank(AZUL).url}/metrics`,
      `${f.stack.bank(VERDE).url}/metrics`,
    ];
    const [hubBefore, azulBefore, verdeBefore] = await scrapeAll(urls);
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push((await f.send(f.payer, joao.ownerTaxId, 10n)).body.endToEndId as string);
    for (const id of ids) expect((await f.finalState(AZUL, id)).status).toBe('completed');
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
    const prefix = f.stack.topicPrefix;
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
    const sibling = await f.stack.customer(AZUL, ana, 0n, { kind: 'email', key: 'ana.reis@example.com' });
    const sent = await f.send(f.payer, 'ana.reis@example.com', 500n);
    expect((await f.finalState(AZUL, sent.body.endToEndId)).status).toBe('completed');
    expect(await f.balance(AZUL, sibling.number)).toBe(500n);
  }, 30_000);

  it('rejects a transfer to an unknown key and releases the hold', async () => {
    const sent = await f.send(f.payer, 'nobody-here@example.com', 700n);
    const done = await f.finalState(AZUL, sent.body.endToEndId);
    expect(done).toMatchObject({ status: 'rejected', reason: 'KEY_NOT_FOUND' });
    expect((await api(f.stack.bank(AZUL), 'GET', `/accounts/${f.payer.number}`)).body.held).toBe('0');
  }, 30_000);

  it('is rejected by the creditor bank when the account is closed', async () => {
    const closed = await f.stack.customer(VERDE, pedro, 0n, {
      kind: 'email',
      key: 'pedro.alves@example.com',
    });
    await api(f.stack.bank(VERDE), 'POST', `/accounts/${closed.number}/close`);
    const sent = await f.send(f.payer, 'pedro.alves@example.com', 800n);
    expect(await f.finalState(AZUL, sent.body.endToEndId)).toMatchObject({
      status: 'rejected',
      reason: 'CREDITOR_ACCOUNT_CLOSED',
    });
  }, 30_000);

  it('is refused by the debtor bank when the customer cannot pay, and nothing is sent', async () => {
    const poor = await f.stack.customer(AZUL, owner('Sem Saldo', vectors.cpf.valid[4]), 100n);
    const sent = await f.send(poor, joao.ownerTaxId, 101n);
    expect(sent.status).toBe(422);
    expect(sent.body.error.code).toBe('ACCOUNT.INSUFFICIENT_FUNDS');
    const list = await api(f.stack.bank(AZUL), 'GET', `/transfers?account=${poor.number}`);
    expect(list.body.transfers).toEqual([]);
  }, 30_000);

  it('is rejected by the hub when the settlement account cannot pay', async () => {
    const roxo = await f.stack.customer(ROXO, owner('Cliente Roxo', vectors.cpf.valid[5]), 50_000n);
    const sent = await f.send(roxo, joao.ownerTaxId, 10_000n, ROXO);
    expect(await f.finalState(ROXO, sent.body.endToEndId)).toMatchObject({
      status: 'rejected',
      reason: 'INSUFFICIENT_SETTLEMENT_FUNDS',
    });
    expect(await f.balance(ROXO, roxo.number)).toBe(50_000n);
  }, 30_000);

  it('makes one transfer of a request sent twice with one idempotency key', async () => {
    const key = randomUUID();
    const first = await f.send(f.payer, joao.ownerTaxId, 321n, AZUL, key);
    const second = await f.send(f.payer, joao.ownerTaxId, 321n, AZUL, key);
    expect(second.body.endToEndId).toBe(first.body.endToEndId);
    expect((await f.finalState(AZUL, first.body.endToEndId)).status).toBe('completed');
    const statement = await api(f.stack.bank(AZUL), 'GET', `/accounts/${f.payer.number}/statement`);
    const debits = statement.body.entries.filter(
      (e: { endToEndId?: string }) => e.endToEndId === first.body.endToEndId,
    );
    expect(debits).toHaveLength(1);
  }, 30_000);

  it('refuses the same end-to-end id with another payload and leaves the transfer alone', async () => {
    const topics = topicNames(f.stack.topicPrefix);
    // Bank AZUL itself (its key signs) sending a second payload under an id it used.
    const probe = new KafkaProbe(signAsStackBank(f.stack.identities));
    await probe.start([topics.bank(AZUL)]);
    try {
      const sent = await f.send(f.payer, joao.ownerTaxId, 444n);
      const id: string = sent.body.endToEndId;
      expect((await f.finalState(AZUL, id)).status).toBe('completed');
      const forged = TransferRequest.encode({
        endToEndId: id,
        debtorIspb: AZUL,
        debtorAccount: { branch: '0001', number: f.payer.number, ownerName: maria.ownerName },
        creditorKey: joao.ownerTaxId,
        amount: 99_999n,
        description: '',
        txid: '',
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
      expect((await api(f.stack.bank(AZUL), 'GET', `/transfers/${id}`)).body).toMatchObject({
        status: 'completed',
        amount: '444',
      });
    } finally {
      await probe.stop();
    }
  }, 30_000);

  it('completes exactly 10 of 50 concurrent sends from an account that can pay for 10', async () => {
    const saver = await f.stack.customer(AZUL, owner('Ana Poupança', vectors.cpf.valid[6]), 10_000n);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => f.send(saver, joao.ownerTaxId, 1_000n)),
    );
    const accepted = answers.filter((a) => a.status === 202);
    expect(accepted).toHaveLength(10);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(40);
    const outcomes = await Promise.all(accepted.map((a) => f.finalState(AZUL, a.body.endToEndId)));
    expect(outcomes.every((o) => o.status === 'completed')).toBe(true);
    expect(await f.balance(AZUL, saver.number)).toBe(0n);
  }, 60_000);
});
