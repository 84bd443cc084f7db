import type { DataSource } from 'typeorm';
import type { ConsumedMessage, DeadMessage } from '../messaging/batch-consumer';
import { appendToOutbox, claimInbox, type OutboxMessage } from '../messaging/outbox';
import { HEADERS, type TopicNames } from './topics';

/** Header values and keys come from anyone: Postgres text holds no NUL, and nobody reads past 1,000. */
const printable = (text: string, max: number) => text.replace(/\p{Cc}/gu, ' ').slice(0, max);

/** What a DLQ entry needs of the message it replaces. */
export type DeadLetterSource = Omit<ConsumedMessage, 'value'> & { value: Uint8Array | null };

/**
 * The DLQ entry for a message that can never be applied: its bytes as they came, with the reason and
 * where it was read. Written through the outbox in the same transaction that consumes the message, so
 * the message is either applied or dead-lettered, never neither (I5).
 */
export function deadLetter(topics: TopicNames, message: DeadLetterSource, reason: string): OutboxMessage {
  return {
    topic: topics.dlq,
    key: printable(message.key ?? message.messageId, 64),
    type: printable(message.type ?? 'unknown', 200),
    payload: message.value ?? new Uint8Array(),
    headers: {
      [HEADERS.dlqReason]: printable(reason, 1000),
      [HEADERS.dlqSource]: `${message.topic}/${message.partition}/${message.offset}`,
      [HEADERS.dlqOrigin]: printable(message.origin ?? 'unknown', 200),
      [HEADERS.dlqMessageId]: printable(message.messageId, 200),
    },
  };
}

/**
 * Dead-letters messages in a transaction of their own, recording them in the inbox so a redelivery is
 * not dead-lettered twice. Returns whether anything was written to the outbox.
 */
export async function recordDeadLetters(
  dataSource: DataSource,
  topics: TopicNames,
  origin: string,
  dead: readonly DeadMessage[],
): Promise<boolean> {
  if (dead.length === 0) return false;
  return dataSource.transaction(async (manager) => {
    const fresh = await claimInbox(
      manager,
      dead.map((d) => d.message.messageId),
    );
    const entries = dead.filter((d) => fresh.delete(d.message.messageId));
    await appendToOutbox(
      manager,
      origin,
      entries.map((d) => deadLetter(topics, d.message, d.reason)),
    );
    return entries.length > 0;
  });
}
