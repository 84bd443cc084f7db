import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../observability/logger';
import type { ConsumedMessage, DeadMessage } from './batch-consumer';
import { claimInbox, inboxEntry, inboxId } from './inbox';
import { appendToOutbox, type OutboxMessage } from './outbox';
import { HEADERS, type TopicNames } from './topics';

/** Header values and keys come from anyone: Postgres text holds no NUL, and nobody reads past 1,000. */
const printable = (text: string, max: number) => text.replace(/\p{Cc}/gu, ' ').slice(0, max);

/** What a DLQ entry needs of the message it replaces. */
export type DeadLetterSource = Omit<ConsumedMessage, 'value'> & { value: Uint8Array | null };

/** A message to dead-letter, and why. */
export interface DeadLetterMessage {
  message: DeadLetterSource;
  reason: string;
}

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

/** Why a message whose id an earlier message with other contents took is dead-lettered. */
export const reusedIdReason = (message: DeadLetterSource) =>
  `MESSAGE_ID_REUSED: message id ${printable(message.messageId, 100)} was taken by an earlier message with other contents`;

/** Where a message was read: the key it is dead-lettered under, which no sender chooses. */
const sourceOf = (message: DeadLetterSource) => `${message.topic}/${message.partition}/${message.offset}`;

/**
 * One warning per dead letter, once it is committed: the DLQ holds what nobody will apply, so an
 * operator should hear of each, with why and where it was read.
 */
export function logDeadLetters(logger: Logger, entries: readonly OutboxMessage[]): void {
  for (const { headers = {} } of entries) {
    logger.warn('message dead-lettered', {
      reason: headers[HEADERS.dlqReason],
      source: headers[HEADERS.dlqSource],
      origin: headers[HEADERS.dlqOrigin],
      messageId: headers[HEADERS.dlqMessageId],
    });
  }
}

/**
 * Records messages as dead-lettered by where they were read, inside the caller's transaction, and
 * returns the DLQ entries of those no earlier delivery of the same offset dead-lettered already: the
 * caller puts them in its outbox with its other messages, and logs them once it has committed.
 */
export async function claimDeadLetters(
  manager: EntityManager,
  topics: TopicNames,
  dead: readonly DeadLetterMessage[],
): Promise<OutboxMessage[]> {
  if (dead.length === 0) return [];
  const rows: { source: string }[] = await manager.query(
    `INSERT INTO dead_letters (source, message_id, reason)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]) ON CONFLICT DO NOTHING RETURNING source`,
    [
      dead.map((d) => sourceOf(d.message)),
      dead.map((d) => inboxId(d.message.messageId)),
      dead.map((d) => printable(d.reason, 1000)),
    ],
  );
  const fresh = new Set(rows.map((r) => r.source));
  const entries = dead.filter((d) => fresh.delete(sourceOf(d.message)));
  return entries.map((d) => deadLetter(topics, d.message, d.reason));
}

/**
 * Dead-letters messages no handler took (unreadable, refused for their signature, or failing every try)
 * in a transaction of their own. Each is first claimed in the inbox like any message: one seen before
 * with the same contents was applied or dead-lettered then and is left alone; a new one is recorded, so
 * its redelivery is skipped. One refused for its signature claims nothing: a forger must not spend the
 * id of a genuine message still to come (or make it look like a repeat). Each one written is logged
 * when a logger is given. Returns whether anything was written to the outbox.
 */
export async function recordDeadLetters(
  dataSource: DataSource,
  topics: TopicNames,
  origin: string,
  dead: readonly DeadMessage[],
  logger?: Logger,
): Promise<boolean> {
  if (dead.length === 0) return false;
  const written = await dataSource.transaction(async (manager) => {
    const trusted = dead.filter((d) => !d.untrusted);
    const verdicts = await claimInbox(
      manager,
      trusted.map((d) => inboxEntry(d.message)),
    );
    const todo = [...trusted.filter((_, i) => verdicts[i] !== 'seen'), ...dead.filter((d) => d.untrusted)];
    const letters = await claimDeadLetters(manager, topics, todo);
    await appendToOutbox(manager, origin, letters);
    return letters;
  });
  if (logger) logDeadLetters(logger, written);
  return written.length > 0;
}
