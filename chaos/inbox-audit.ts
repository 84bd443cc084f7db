import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import { createKafka } from '../src/infrastructure/kafka/kafka-client-factory';
import { HEADERS, topicNames } from '../src/infrastructure/kafka/topics';
import { consumers } from './settle';
import type { ChaosStack } from './stack';

interface Read {
  partition: number;
  offset: string;
  headers: Record<string, string>;
}

const READ_TIMEOUT_MS = 60_000;

/** Every message of `topic` from offset 0 up to the end offsets of now, read by a throwaway group. */
async function readTopic(kafka: Kafka, topic: string): Promise<Read[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((e) => Number(e.high) > 0).map((e) => [e.partition, Number(e.high)]));
  const read: Read[] = [];
  if (remaining.size === 0) return read;
  const consumer = kafka.consumer({ groupId: `codepix-chaos-audit-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = remaining.get(batch.partition);
        if (end === undefined) return;
        for (const m of batch.messages) {
          if (Number(m.offset) < end) read.push(toRead(batch.partition, m));
        }
        if (Number(batch.lastOffset()) >= end - 1) remaining.delete(batch.partition);
        if (remaining.size === 0) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${topic}: partitions ${[...remaining.keys()]} not read to the end`)),
        READ_TIMEOUT_MS,
      );
    });
    await Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
  } finally {
    await consumer.disconnect();
  }
  return read;
}

function toRead(partition: number, m: KafkaMessage): Read {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) if (v !== undefined) headers[k] = String(v);
  return { partition, offset: m.offset, headers };
}

async function inboxIds(url: string): Promise<Set<string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return new Set((await client.query('SELECT message_id FROM inbox')).rows.map((r) => r.message_id));
  } finally {
    await client.end();
  }
}

export interface InboxAudit {
  /** Messages read per consumed topic. */
  messages: Record<string, number>;
  /** DLQ entries, by reason code (the text before the first colon). */
  deadLetters: Record<string, number>;
  violations: string[];
}

/**
 * I5: every message on a consumed topic (up to the end offsets once drained) is in its consumer's inbox,
 * which is written in the transaction that applies it or dead-letters it; and every DLQ entry carries
 * its reason and source.
 */
export async function auditInboxes(stack: ChaosStack): Promise<InboxAudit> {
  const kafka = createKafka({ brokers: stack.brokers, clientId: 'codepix-chaos-audit' });
  const result: InboxAudit = { messages: {}, deadLetters: {}, violations: [] };
  for (const { topic, databaseUrl } of consumers(stack)) {
    const [messages, inbox] = await Promise.all([readTopic(kafka, topic), inboxIds(databaseUrl)]);
    result.messages[topic] = messages.length;
    const missing = messages.filter((m) => {
      const id = m.headers[HEADERS.messageId] ?? `${topic}:${m.partition}:${m.offset}`;
      return !inbox.has(id);
    });
    for (const m of missing.slice(0, 10)) {
      result.violations.push(
        `I5: ${topic}/${m.partition}/${m.offset} (${m.headers[HEADERS.messageId]}) was consumed but is in no inbox`,
      );
    }
    if (missing.length > 10) result.violations.push(`I5: ... and ${missing.length - 10} more on ${topic}`);
  }
  for (const m of await readTopic(kafka, topicNames(stack.topicPrefix).dlq)) {
    const reason = m.headers[HEADERS.dlqReason];
    const code = reason?.split(':')[0] ?? '(none)';
    result.deadLetters[code] = (result.deadLetters[code] ?? 0) + 1;
    if (!reason || !m.headers[HEADERS.dlqSource]) {
      result.violations.push(`I5: DLQ entry at offset ${m.partition}/${m.offset} has no reason or source`);
    }
  }
  return result;
}
