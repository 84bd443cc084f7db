import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import { fingerprint, inboxId } from '../lib/messaging/inbox';
import { HEADERS, topicNames } from '../lib/messaging/topics';
import { consumers } from './settle';
import type { ChaosStack } from './stack';

interface Read {
  partition: number;
  offset: string;
  headers: Record<string, string>;
  /** What the consumer's inbox records beside the message id. */
  fingerprint: string;
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
  const content = {
    type: headers[HEADERS.type],
    origin: headers[HEADERS.origin],
    key: m.key?.toString(),
    value: m.value,
  };
  return { partition, offset: m.offset, headers, fingerprint: fingerprint(content) };
}

/** A consumer's records: message id → fingerprint (null before fingerprints were kept), dead letters by source. */
interface Records {
  inbox: Map<string, string | null>;
  deadLetters: Set<string>;
}

async function records(url: string): Promise<Records> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const inbox = await client.query('SELECT message_id, payload_hash FROM inbox');
    const dead = await client.query('SELECT source FROM dead_letters');
    return {
      inbox: new Map(inbox.rows.map((r) => [r.message_id, r.payload_hash])),
      deadLetters: new Set(dead.rows.map((r) => r.source)),
    };
  } finally {
    await client.end();
  }
}

/**
 * Why a consumed message is not accounted for, if it is not. It is when it was dead-lettered where it
 * was read, or when its id is in the inbox with its fingerprint (applied, dead-lettered, or a repeat).
 */
function unaccounted(topic: string, m: Read, { inbox, deadLetters }: Records): string | undefined {
  if (deadLetters.has(`${topic}/${m.partition}/${m.offset}`)) return undefined;
  const id = inboxId(m.headers[HEADERS.messageId] ?? `${topic}:${m.partition}:${m.offset}`);
  if (!inbox.has(id)) return 'was consumed but is in no inbox';
  const recorded = inbox.get(id);
  if (recorded === null || recorded === m.fingerprint) return undefined;
  return 'reuses a message id for other contents but is not in the DLQ';
}

export interface InboxAudit {
  /** Messages read per consumed topic. */
  messages: Record<string, number>;
  /** DLQ entries, by reason code (the text before the first colon). */
  deadLetters: Record<string, number>;
  violations: string[];
}

/**
 * I5: every message on a consumed topic (up to the end offsets once drained) is in its consumer's inbox
 * with its fingerprint, or among its dead letters by where it was read; both are written in the
 * transaction that applies or dead-letters it. And every DLQ entry carries its reason and source.
 */
export async function auditInboxes(stack: ChaosStack): Promise<InboxAudit> {
  const kafka = stack.kafkaClient('codepix-chaos-audit');
  const result: InboxAudit = { messages: {}, deadLetters: {}, violations: [] };
  for (const { topic, databaseUrl } of consumers(stack)) {
    const [messages, recorded] = await Promise.all([readTopic(kafka, topic), records(databaseUrl)]);
    result.messages[topic] = messages.length;
    const missing = messages.flatMap((m) => {
      const why = unaccounted(topic, m, recorded);
      return why ? [{ m, why }] : [];
    });
    for (const { m, why } of missing.slice(0, 10)) {
      result.violations.push(
        `I5: ${topic}/${m.partition}/${m.offset} (${m.headers[HEADERS.messageId]}) ${why}`,
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
