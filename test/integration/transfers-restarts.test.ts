import { Client } from 'pg';
import { HEADERS, topicNames } from '../../lib/messaging/topics';
import { eventually, KafkaProbe } from '../support/kafka-probe';
import { AZUL, type Customer, joao, owner, transfersFixture, VERDE } from '../support/transfers-fixture';
import { vectors } from '../support/vectors';

/**
 * The whole system while its parts go down: a bank past the deadline, a second hub joining and
 * leaving, a bank and a hub stopped with SIGTERM mid-flow. Nothing is lost or applied twice, and each
 * test ends with invariants I1-I4.
 */
const f = transfersFixture('restarts');

/**
 * Waits until a one-cent transfer completes: the hub's consumer groups may still be rebalancing after an
 * earlier test stopped a hub, and a transfer caught in that pause may expire.
 */
async function untilTransfersFlow(from: Customer): Promise<void> {
  await eventually(async () => {
    const sent = await f.send(from, joao.ownerTaxId, 1n);
    return (await f.finalState(AZUL, sent.body.endToEndId)).status === 'completed' || undefined;
  }, 60_000);
}

describe('transfers while parts go down', () => {
  it('rejects a transfer when the creditor bank is down past the deadline, and credits nothing later', async () => {
    const before = await f.balance(VERDE, f.payee.number);
    await f.stack.stopBank(VERDE, 'SIGKILL');
    const sent = await f.send(f.payer, joao.ownerTaxId, 900n);
    expect(await f.finalState(AZUL, sent.body.endToEndId)).toMatchObject({
      status: 'rejected',
      reason: 'DEADLINE_EXCEEDED',
    });
    await f.stack.startBank(VERDE);
    const late = await f.finalState(VERDE, sent.body.endToEndId, 'incoming');
    expect(late.status).toBe('rejected');
    expect(await f.balance(VERDE, f.payee.number)).toBe(before);
  }, 90_000);

  it('completes every transfer while two hub instances share the work', async () => {
    const second = await f.stack.addHub();
    try {
      const rich = await f.stack.customer(AZUL, owner('Rica', vectors.cnpj.valid[0]), 1_000_000n);
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => f.send(rich, joao.ownerTaxId, BigInt(100 + i))),
      );
      expect(answers.every((a) => a.status === 202)).toBe(true);
      const outcomes = await Promise.all(answers.map((a) => f.finalState(AZUL, a.body.endToEndId)));
      expect(outcomes.filter((o) => o.status === 'completed')).toHaveLength(40);
    } finally {
      await f.stack.stopHub(second);
    }
  }, 60_000);

  it('stops a bank gracefully on SIGTERM mid-flow: exit 0, outbox flushed, nothing applied uncommitted', async () => {
    const rich = await f.stack.customer(AZUL, owner('Graça', vectors.cnpj.valid[1]), 1_000_000n);
    await untilTransfersFlow(rich);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => f.send(rich, joao.ownerTaxId, BigInt(200 + i))),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const { databaseUrl } = f.stack.bank(AZUL);
    expect(await f.stack.stopBank(AZUL, 'SIGTERM')).toBe(0);
    const topics = topicNames(f.stack.topicPrefix);
    const probe = new KafkaProbe();

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      expect((await db.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(0);
      // Offsets were committed for every batch it applied: what lies past them, it never applied.
      const group = `${f.stack.topicPrefix}-bank-${AZUL}`;
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

    await f.stack.startBank(AZUL);
    const outcomes = await Promise.all(answers.map((a) => f.finalState(AZUL, a.body.endToEndId)));
    expect(outcomes.filter((o) => o.status === 'completed')).toHaveLength(40);
  }, 90_000);

  it('stops a hub process gracefully on SIGTERM mid-flow: exit 0, and the other hub finishes the work', async () => {
    const hub = await f.stack.addHub();
    const rich = await f.stack.customer(AZUL, owner('Termina', vectors.cnpj.valid[2]), 1_000_000n);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => f.send(rich, joao.ownerTaxId, BigInt(300 + i))),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(await f.stack.stopHub(hub, 'SIGTERM')).toBe(0);
    expect(hub.service.logTail(100)).toContain('hub stopped');
    // Every transfer ends, at both banks and the hub (afterEach). The consumer groups rebalance twice
    // (the hub joins, then leaves); a pause can outlast the deadline (up to 10 s seen), so a transfer
    // caught in it may expire, and that is the only way one may fail.
    const outcomes = await Promise.all(answers.map((a) => f.finalState(AZUL, a.body.endToEndId)));
    const failed = outcomes.filter((o) => o.status !== 'completed');
    expect(failed.filter((o) => o.reason !== 'DEADLINE_EXCEEDED')).toEqual([]);
  }, 90_000);
});
