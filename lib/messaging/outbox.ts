import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { insertRows, type Writes } from '../persistence/writes';
import { HEADERS } from './topics';

/** A message to publish once the unit of work that made it commits. */
export interface OutboxMessage {
  topic: string;
  /** The partition key: the end-to-end id, so one transfer's messages stay in order. */
  key: string;
  type: string;
  payload: Uint8Array;
  /** Extra headers, e.g. the DLQ reason. */
  headers?: Record<string, string>;
}

const OUTBOX_INSERT = 'INSERT INTO outbox (message_id, topic, key, headers, payload)';

/** Writes messages into the outbox inside the caller's transaction: they exist only if it commits. */
export async function appendToOutbox(
  manager: EntityManager,
  origin: string,
  messages: readonly OutboxMessage[],
): Promise<void> {
  await insertRows(manager, OUTBOX_INSERT, outboxRows(origin, messages));
}

/** The same, as writes sent with the caller's others. */
export function addToOutbox(writes: Writes, origin: string, messages: readonly OutboxMessage[]): void {
  writes.insert(OUTBOX_INSERT, outboxRows(origin, messages));
}

function outboxRows(origin: string, messages: readonly OutboxMessage[]): unknown[][] {
  return messages.map((m) => {
    const messageId = randomUUID();
    const headers = {
      ...m.headers,
      [HEADERS.messageId]: messageId,
      [HEADERS.type]: m.type,
      [HEADERS.origin]: origin,
    };
    return [messageId, m.topic, m.key, JSON.stringify(headers), Buffer.from(m.payload)];
  });
}
