import { createPrivateKey, randomUUID } from 'node:crypto';
import tls from 'node:tls';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  type Kafka,
  Partitioners,
  ResourcePatternTypes,
} from 'kafkajs';
import { bankAcls, grantBank, revokeCertificate } from '../../lib/messaging/kafka-acls';
import { createKafka, ensureTopics } from '../../lib/messaging/kafka-client-factory';
import { topicNames } from '../../lib/messaging/topics';
import type { LoadedIdentity } from '../../lib/security/identity-files';
import { createAuthority, issueCertificate, kafkaPrincipal } from '../../lib/security/pki';
import { brokers, testTopicPrefix } from '../support/kafka-probe';
import { issueBankIdentity, testKafka } from '../support/test-pki';

/*
 * Participant identity on the run's own broker, which takes only TLS clients with certificates of the
 * run's authority and authorizes them with the StandardAuthorizer: a bank reaches its own topic and
 * group and the inbound topics, nothing of another bank's, and nothing once its certificate is revoked.
 */
const AZUL = '11111111';
const VERDE = '22222222';
const topics = topicNames(testTopicPrefix('acls'));
const QUICK = { retries: 0 };

let hub: Kafka;
let azul: LoadedIdentity;
let verde: LoadedIdentity;

const asBank = (identity: LoadedIdentity, retry?: { retries: number }) =>
  createKafka({ brokers: brokers(), clientId: `acls-${identity.identity.name}`, identity, retry });

type KafkaFailure = Error & { type?: string; retriable?: boolean };

/** The broker's own error inside what kafkajs threw, or the innermost error when there is none. */
function rootCause(error: unknown): KafkaFailure {
  type Wrapped = KafkaFailure & { originalError?: unknown; cause?: unknown; errors?: unknown[] };
  let e = error as Wrapped;
  for (;;) {
    const next = (e.originalError ?? e.cause ?? e.errors?.[0]) as Wrapped | undefined;
    if (e.type || !next) return e;
    e = next;
  }
}

/** The broker's error code (e.g. TOPIC_AUTHORIZATION_FAILED) or kafkajs' error name, of a failure. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const root = rootCause(error);
    return root.type ?? root.name;
  }
  throw new Error('expected a failure, and it succeeded');
}

/** The refusal `attempt` ends in once the broker has applied a change of ACLs (promptly, not at once). */
async function untilRefused(attempt: () => Promise<unknown>, ms = 10_000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await failure(attempt());
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** One message to `topic` with an idempotent producer, acks from all replicas, as the banks send. */
async function produce(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: randomUUID(), value: 'hello' }] });
  } finally {
    await producer.disconnect();
  }
}

/**
 * The first message read from `subscribed` in `groupId`; rejects with what stopped the consumer. A
 * passing broker error (a group coordinator still loading on a fresh broker) restarts it, as in
 * production; a refusal does not.
 */
async function consumeOne(kafka: Kafka, groupId: string, subscribed: string[]): Promise<string> {
  const restartOnFailure = async (error: Error) => {
    const root = rootCause(error);
    return Boolean(root.type) && root.retriable === true;
  };
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50, retry: { restartOnFailure } });
  try {
    const crashed = new Promise<never>((_, reject) => {
      consumer.on(consumer.events.CRASH, (event) => {
        if (!event.payload.restart) reject(event.payload.error);
      });
    });
    await consumer.connect();
    await consumer.subscribe({ topics: subscribed, fromBeginning: true });
    const first = new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
    });
    return await Promise.race([first, crashed]);
  } finally {
    await consumer.disconnect();
  }
}

/** What a TLS handshake with the broker ends in, for a client with these options. */
function handshake(options: tls.ConnectionOptions): Promise<string> {
  const [host, port] = brokers()[0].split(':');
  return new Promise((resolve) => {
    const socket = tls.connect({ host, port: Number(port), ...options });
    // With TLS 1.3 the server judges the client's certificate after the client thinks it is done: the
    // refusal arrives as an alert on the first read.
    socket.once('secureConnect', () => socket.write(Buffer.alloc(4)));
    socket.once('error', (error) => resolve(error.message));
    socket.once('close', () => resolve('closed'));
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')));
  });
}

beforeAll(async () => {
  const [a, v] = await Promise.all([issueBankIdentity(AZUL), issueBankIdentity(VERDE)]);
  if (!a || !v) throw new Error('these tests need CODEPIX_SECURITY on: a broker that authenticates clients');
  azul = a;
  verde = v;
  hub = testKafka('acls-hub');
  await ensureTopics(
    hub,
    [topics.transfers, topics.confirmations, topics.dlq, topics.bank(AZUL), topics.bank(VERDE)].map(
      (topic) => ({ topic }),
    ),
  );
  await grantBank(hub, topics, azul.identity);
  await grantBank(hub, topics, verde.identity);
}, 60_000);

describe('Kafka ACLs of bank certificates', () => {
  it('grants a bank exactly its ACLs, however often it is granted', async () => {
    await grantBank(hub, topics, azul.identity);
    const admin = hub.admin();
    await admin.connect();
    const described = await admin
      .describeAcls({
        principal: kafkaPrincipal(azul.identity),
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      })
      .finally(() => admin.disconnect());
    const held = described.resources.flatMap((r) =>
      r.acls.map((acl) => `${r.resourceName}:${acl.operation}`),
    );
    const granted = bankAcls(topics, azul.identity).map((acl) => `${acl.resourceName}:${acl.operation}`);
    expect(held.sort()).toEqual(granted.sort());
    expect(granted).toHaveLength(5);
  });

  it('lets a bank write the inbound topics and the DLQ, and read its own topic in its own group', async () => {
    const bank = asBank(azul);
    for (const topic of [topics.transfers, topics.confirmations, topics.dlq]) await produce(bank, topic);
    const admin = hub.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topics.transfers).finally(() => admin.disconnect());
    expect(Number(ends[0].high)).toBeGreaterThanOrEqual(1);

    await produce(hub, topics.bank(AZUL));
    await expect(consumeOne(bank, topics.bankGroup(AZUL), [topics.bank(AZUL)])).resolves.toBe('hello');
  }, 60_000);

  it("refuses a bank another bank's topic, for writing and for reading, and another bank's group", async () => {
    const bank = asBank(azul);
    expect(await failure(produce(bank, topics.bank(VERDE)))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await failure(consumeOne(bank, topics.bankGroup(AZUL), [topics.bank(VERDE)]))).toBe(
      'TOPIC_AUTHORIZATION_FAILED',
    );
    // The broker answers FindCoordinator for a group the client may not describe with
    // GROUP_AUTHORIZATION_FAILED; kafkajs reports that as finding no coordinator.
    expect(await failure(consumeOne(bank, topics.bankGroup(VERDE), [topics.bank(AZUL)]))).toBe(
      'KafkaJSGroupCoordinatorNotFound',
    );
  }, 60_000);

  it('refuses a bank reading the inbound topics or the DLQ, and creating a topic', async () => {
    const bank = asBank(azul);
    for (const topic of [topics.transfers, topics.dlq]) {
      expect(await failure(consumeOne(bank, topics.bankGroup(AZUL), [topic]))).toBe(
        'TOPIC_AUTHORIZATION_FAILED',
      );
    }
    const admin = bank.admin();
    await admin.connect();
    const created = admin.createTopics({ topics: [{ topic: `${topics.prefix}.mine` }] });
    expect(await failure(created.finally(() => admin.disconnect()))).toBe('TOPIC_AUTHORIZATION_FAILED');
  }, 60_000);

  it('takes no client without a certificate of its authority', async () => {
    const plain = createKafka({ brokers: brokers(), clientId: 'acls-plaintext', retry: QUICK }).admin();
    // A TLS listener closes a connection that speaks Kafka in the clear.
    expect(await failure(plain.connect())).toBe('KafkaJSConnectionClosedError');
    expect(await handshake({ ca: azul.ca })).toMatch(/alert (bad certificate|certificate required)/);

    const other = await createAuthority();
    const stranger = await issueCertificate(
      { certificatePem: other.certificatePem, privateKey: createPrivateKey(other.privateKeyPem) },
      { role: 'hub' },
    );
    const forged = { ca: azul.ca, cert: stranger.certificatePem, key: stranger.privateKeyPem as string };
    expect(await handshake(forged)).toMatch(/alert certificate unknown/);
    const identity = { ca: azul.ca, cert: Buffer.from(forged.cert), key: Buffer.from(forged.key) };
    const impostor = createKafka({ brokers: brokers(), clientId: 'acls-impostor', identity, retry: QUICK });
    expect(await failure(impostor.admin().connect())).toBe('KafkaJSConnectionError');
  }, 60_000);

  it('takes every right from a revoked certificate, and only from that one', async () => {
    const successor = (await issueBankIdentity(AZUL)) as LoadedIdentity;
    await grantBank(hub, topics, successor.identity);
    expect(await revokeCertificate(hub, azul.identity)).toBe(5);
    expect(await revokeCertificate(hub, azul.identity)).toBe(0);

    const revoked = asBank(azul);
    expect(await untilRefused(() => produce(revoked, topics.transfers))).toMatch(
      /^(TOPIC|CLUSTER)_AUTHORIZATION_FAILED$/,
    );
    expect(await failure(consumeOne(revoked, topics.bankGroup(AZUL), [topics.bank(AZUL)]))).toBe(
      'TOPIC_AUTHORIZATION_FAILED',
    );
    // The broker reads no revocation list: the certificate still completes a handshake, and is then
    // authorized for nothing, down to seeing which topics exist.
    const admin = revoked.admin();
    await admin.connect();
    expect(await admin.listTopics().finally(() => admin.disconnect())).toEqual([]);
    // The same bank's re-issued certificate, and another bank, keep what they were granted.
    await produce(asBank(successor), topics.transfers);
    await produce(asBank(verde), topics.confirmations);
    await produce(hub, topics.bank(VERDE));
    await expect(consumeOne(asBank(verde), topics.bankGroup(VERDE), [topics.bank(VERDE)])).resolves.toBe(
      'hello',
    );
  }, 60_000);
});
