import { randomUUID } from 'node:crypto';
import { type Consumer, type Kafka, Partitioners } from 'kafkajs';
import { ensureTopics } from '../../lib/messaging/kafka-client-factory';
import { testKafka } from '../support/test-pki';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

describe('Kafka for integration tests', () => {
  let kafka: Kafka;
  let consumer: Consumer | undefined;

  beforeAll(() => {
    if (brokers.length === 0)
      throw new Error('KAFKA_BROKERS is not set: test/global-setup.ts should have set it');
    kafka = testKafka('kafka-test');
  });
  afterEach(async () => {
    await consumer?.disconnect();
    consumer = undefined;
  });

  it('creates topics idempotently', async () => {
    const topic = `test.ensure.${randomUUID()}`;
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(metadata.topics[0].partitions).toHaveLength(3);
  });

  it('delivers keyed messages to a consumer group in order per key', async () => {
    const topic = `test.roundtrip.${randomUUID()}`;
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const sent = ['a', 'b', 'c'].flatMap((key) => [1, 2, 3, 4].map((n) => ({ key, value: `${key}-${n}` })));

    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const received: { key: string; value: string; partition: number }[] = [];
    consumer = kafka.consumer({ groupId: `test-group-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer?.run({
        eachMessage: async ({ message, partition }) => {
          received.push({ key: String(message.key), value: String(message.value), partition });
          if (received.length === sent.length) resolve();
        },
      });
    });
    await done;

    expect(received.map((m) => m.value).sort()).toEqual(sent.map((m) => m.value).sort());
    for (const key of ['a', 'b', 'c']) {
      const forKey = received.filter((m) => m.key === key);
      expect(forKey.map((m) => m.value)).toEqual([1, 2, 3, 4].map((n) => `${key}-${n}`));
      expect(new Set(forKey.map((m) => m.partition)).size).toBe(1);
    }
  }, 30_000);
});
