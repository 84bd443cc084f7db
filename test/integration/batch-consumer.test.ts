import { randomUUID } from 'node:crypto';
import {
  type ConsumedMessage,
  type DeadMessage,
  type RunningConsumer,
  startBatchConsumer,
} from '../../lib/messaging/batch-consumer';
import { ensureTopics } from '../../lib/messaging/kafka-client-factory';
import { HEADERS } from '../../lib/messaging/topics';
import { KAFKA_BATCH_BOUNDS, MESSAGE_BYTES_MAX } from '../../src/domain/limits';
import { eventually, testTopicPrefix } from '../support/kafka-probe';
import { testLogger } from '../support/test-log';
import { testKafka } from '../support/test-pki';

/*
 * The consumer's safety net on a real broker: a message that throws something unexpected every time is
 * dead-lettered alone while its neighbours are applied in order; a database outage is waited out and
 * condemns nothing; an oversized message never reaches the handler. The handler plays a database
 * transaction: it applies the whole batch or, on the first failure, nothing.
 */
describe('startBatchConsumer', () => {
  const topic = `${testTopicPrefix('batch')}.in`;
  const kafka = testKafka('batch-consumer-test');
  const applied: string[] = [];
  const dead: DeadMessage[] = [];
  let outages = 3;
  let consumer: RunningConsumer | undefined;

  const handle = async (messages: ConsumedMessage[]) => {
    for (const m of messages) {
      const body = m.value?.toString();
      if (body === 'bug') throw new TypeError('cannot read properties of undefined');
      if (body === 'outage' && outages-- > 0) {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      }
    }
    applied.push(...messages.map((m) => m.value?.toString() ?? ''));
  };

  afterAll(async () => {
    await consumer?.stop();
  });

  it('dead-letters only the message that always fails, waits out outages and skips nothing', async () => {
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    const bodies = ['one', 'bug', 'outage', 'x'.repeat(MESSAGE_BYTES_MAX + 1), 'four'];
    await producer.send({
      topic,
      messages: bodies.map((value) => ({ key: 'k', value, headers: { [HEADERS.messageId]: randomUUID() } })),
    });
    await producer.disconnect();

    const groupId = `${topic}-group`;
    consumer = await startBatchConsumer({
      kafka,
      groupId,
      topics: [topic],
      messageType: 'test.Message',
      logger: testLogger('batch-consumer-test'),
      handle,
      deadLetter: async (messages) => {
        dead.push(...messages);
      },
      bounds: KAFKA_BATCH_BOUNDS,
    });

    const admin = kafka.admin();
    await admin.connect();
    const committed = await eventually(async () => {
      // On a fresh broker the group's coordinator may not be ready yet (NOT_COORDINATOR): not yet, then.
      const fetched = await admin.fetchOffsets({ groupId, topics: [topic] }).catch((error) => {
        if ((error as { retriable?: boolean }).retriable) return undefined;
        throw error;
      });
      const offsets = fetched?.[0];
      return offsets?.partitions[0].offset === String(bodies.length) ? offsets : undefined;
    }, 30_000);
    await admin.disconnect();

    expect(committed.partitions[0].offset).toBe('5');
    expect(applied).toEqual(['one', 'outage', 'four']);
    expect(dead.map((d) => [d.message.value?.length, d.reason.split(':')[0]])).toEqual([
      [MESSAGE_BYTES_MAX + 1, 'OVERSIZED'],
      [3, 'PROCESSING_FAILED'],
    ]);
    expect(dead[1].reason).toMatch(/TypeError: cannot read properties of undefined/);
    expect(outages).toBeLessThan(0);
  }, 60_000);
});
