import type { ConsumedMessage } from '../messaging/batch-consumer';
import type { OutboxMessage } from '../messaging/outbox';
import { HEADERS, type TopicNames } from './topics';

/**
 * The DLQ entry for a message that can never be applied: its bytes as they came, with the reason and
 * where it was read. Written through the outbox in the same transaction that consumes the batch, so the
 * message is either applied or dead-lettered, never neither (I5).
 */
export function deadLetter(topics: TopicNames, message: ConsumedMessage, reason: string): OutboxMessage {
  return {
    topic: topics.dlq,
    key: message.key ?? message.messageId,
    type: message.type ?? 'unknown',
    payload: message.value ?? Buffer.alloc(0),
    headers: {
      [HEADERS.dlqReason]: reason.slice(0, 1000),
      [HEADERS.dlqSource]: `${message.topic}/${message.partition}/${message.offset}`,
      [HEADERS.dlqOrigin]: message.origin ?? 'unknown',
      [HEADERS.dlqMessageId]: message.messageId,
    },
  };
}
