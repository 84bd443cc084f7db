import { randomBytes, randomUUID } from 'node:crypto';
import { type Consumer, type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { AdmissionLimits } from '../../bank-simulator/application/admission';
import { type RunningBank, startBank } from '../../bank-simulator/bank';
import { bankDatabaseUrl } from '../../bank-simulator/infrastructure/database';
import { ensureTopics } from '../../lib/messaging/kafka-client-factory';
import { HEADERS, MESSAGE_TYPES, type TopicNames, topicNames } from '../../lib/messaging/topics';
import { SESSION_COOKIE } from '../../lib/security/session-token';
import { BankMessage, type Transfer, TransferStatus } from '../../src/gen/codepix/v1/transfer';
import { dropTestDatabases } from './database';
import { enrolTestBank, startTestHub, type TestHub } from './test-hub';
import { testLogger } from './test-log';
import { testKafka } from './test-pki';
import { hubSigner, signatureHeaders } from './test-signatures';

/** A message the bank published, as the hub would read it. */
export interface Published {
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: Buffer;
}

/**
 * Who a harness call is made as: the bank's operator (the default), nobody (no credential), or a
 * customer's session token sent as a bearer token or as the session cookie.
 */
export type Caller = 'operator' | 'nobody' | { bearer: string } | { cookie: string };

export interface HttpAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked by the tests' expectations
  body: any;
}

/**
 * A bank simulator started for real (its own database on the test Postgres, Kafka under a fresh topic
 * prefix, registered at a real hub) and the hub's side of Kafka played by the test: it reads what the
 * bank publishes and feeds it BankMessages.
 */
export interface BankHarness {
  ispb: string;
  bank: RunningBank;
  hub: TestHub;
  topics: TopicNames;
  published: Published[];
  /** The bank's operator token, and the secret its session tokens are signed with. */
  operatorToken: string;
  sessionSecret: Buffer;
  http(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    as?: Caller,
  ): Promise<HttpAnswer>;
  /** Feeds the bank a BankMessage about `transfer`; returns the message id it was sent under. */
  feed(
    transfer: Partial<Transfer> & Pick<Transfer, 'endToEndId' | 'status'>,
    messageId?: string,
  ): Promise<string>;
  /**
   * Feeds the bank any bytes and headers; with security on they are signed as the hub, unless `headers`
   * carry a signature of their own or `sign` is false.
   */
  feedRaw(value: Buffer, headers?: Record<string, string>, key?: string, sign?: boolean): Promise<void>;
  /** Waits for a published message on `topic` with this key that `accept` likes. */
  published$(topic: string, key: string, accept?: (m: Published) => boolean): Promise<Published>;
  stop(): Promise<void>;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  ms = 15_000,
) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The limits a bank gets from its config by default (TRANSFER_DEADLINE_MS, BANK_MAX_IN_FLIGHT). */
const DEFAULT_ADMISSION: AdmissionLimits = { transferDeadlineMs: 10_000, inFlightMax: 2_000 };

export async function startBankHarness(
  name: string,
  ispb = '11111111',
  admission: AdmissionLimits = DEFAULT_ADMISSION,
): Promise<BankHarness> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  const serverUrl = new URL(process.env.DATABASE_URL ?? '');
  serverUrl.pathname = `/${name}_${randomBytes(4).toString('hex')}`;
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const topics = topicNames(prefix);
  const hub = await startTestHub(`${name}_hub`);
  const kafka: Kafka = testKafka(`${name}-hub-side`);
  // What the hub's relay would do (this hub runs without one): make the topics, the bank's included.
  await ensureTopics(
    kafka,
    [topics.transfers, topics.confirmations, topics.dlq, topics.bank(ispb)].map((topic) => ({ topic })),
  );
  const published: Published[] = [];
  const consumer: Consumer = kafka.consumer({ groupId: `${name}-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({
    topics: [topics.transfers, topics.confirmations, topics.dlq],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      published.push({ topic, key: String(message.key), headers, value: message.value ?? Buffer.alloc(0) });
    },
  });
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const identity = await enrolTestBank(hub, ispb, `Banco ${name}`, prefix);
  const operatorToken = randomBytes(32).toString('base64url');
  const sessionSecret = randomBytes(32);
  const bank = await startBank({
    operatorToken,
    sessionSecret,
    ispb,
    identity,
    name: `Banco ${name}`,
    httpPort: 0,
    httpHost: '127.0.0.1',
    databaseUrl: serverUrl.toString(),
    kafkaBrokers: brokers,
    topicPrefix: prefix,
    hubAddress: hub.address,
    admission,
    logger: testLogger(`bank-${ispb}`),
  });

  const feedRaw = async (
    value: Buffer,
    headers: Record<string, string> = {},
    key = 'poison',
    sign = true,
  ) => {
    const topic = topics.bank(ispb);
    const signed = { ...headers };
    if (sign && identity && !(HEADERS.signature in headers)) {
      const field = (name: string) => headers[name] ?? '';
      const fields = { topic, key, payload: value, type: field(HEADERS.type), origin: field(HEADERS.origin) };
      const hub = hubSigner();
      Object.assign(signed, signatureHeaders(hub, { ...fields, messageId: field(HEADERS.messageId) }));
    }
    await producer.send({ topic, acks: -1, messages: [{ key, value, headers: signed }] });
  };
  return {
    ispb,
    bank,
    hub,
    topics,
    published,
    operatorToken,
    sessionSecret,
    http: async (method, path, body, headers = {}, as = 'operator') => {
      const response = await fetch(`${bank.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...credential(as, operatorToken), ...headers },
        body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
      });
      const answered = Object.fromEntries(response.headers.entries());
      const text = await response.text();
      return { status: response.status, headers: answered, body: text ? JSON.parse(text) : undefined };
    },
    feed: async (transfer, messageId = randomUUID()) => {
      const message = BankMessage.encode({ transfer: { ...EMPTY_TRANSFER, ...transfer } }).finish();
      await feedRaw(
        Buffer.from(message),
        {
          [HEADERS.messageId]: messageId,
          [HEADERS.type]: MESSAGE_TYPES.bankMessage,
          [HEADERS.origin]: 'hub',
        },
        transfer.endToEndId,
      );
      return messageId;
    },
    feedRaw,
    published$: (topic, key, accept = () => true) =>
      waitFor(
        () => published.find((m) => m.topic === topic && m.key === key && accept(m)),
        `${key} on ${topic}`,
      ),
    stop: async () => {
      await bank.stop();
      await consumer.disconnect();
      await producer.disconnect();
      await hub.stop();
      await dropTestDatabases([hub.databaseUrl, bankDatabaseUrl(serverUrl.toString(), ispb)]);
    },
  };
}

function credential(as: Caller, operatorToken: string): Record<string, string> {
  if (as === 'nobody') return {};
  if (as === 'operator') return { authorization: `Bearer ${operatorToken}` };
  return 'bearer' in as
    ? { authorization: `Bearer ${as.bearer}` }
    : { cookie: `${SESSION_COOKIE}=${as.cookie}` };
}

const EMPTY_TRANSFER: Transfer = {
  endToEndId: '',
  status: TransferStatus.TRANSFER_STATUS_UNSPECIFIED,
  debtorIspb: '',
  debtorAccount: undefined,
  creditorIspb: '',
  creditorAccount: undefined,
  creditorKey: '',
  amount: 0n,
  description: '',
  rejectionReason: 0,
  rejectionDetail: '',
  refundedAmount: 0n,
  createdAt: undefined,
  updatedAt: undefined,
  deadline: undefined,
  reconciliationReason: 0,
  reconciliationRaisedAt: undefined,
  txid: '',
};
