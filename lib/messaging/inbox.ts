import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/*
 * The inbox: the ids of the messages a consumer has taken, each with the fingerprint of what it said,
 * written in the transaction that applies (or dead-letters) the message. A message id seen before with
 * the same fingerprint is a redelivery and is skipped; seen with another fingerprint, it is a different
 * message reusing the id, and is dead-lettered (MESSAGE_ID_REUSED), never skipped.
 */

/** What the inbox needs of a consumed message. */
export interface InboxEntry {
  messageId: string;
  /** `fingerprint(message)`: equal for a redelivery, different for another message under the same id. */
  fingerprint: string;
}

/**
 * `new`: first seen, recorded now: apply it. `seen`: the same message again: skip it.
 * `reused`: another message under an id already taken: dead-letter it.
 */
export type InboxVerdict = 'new' | 'seen' | 'reused';

/** What makes a message mean what it means, as it was read. */
export interface MessageContent {
  type?: string;
  origin?: string;
  key?: string;
  value: Uint8Array | null;
}

/**
 * SHA-256 over the payload and the headers that give it meaning (type and origin) and the key. The
 * message id is not in it (it is what the fingerprint is checked against), nor are headers a sender
 * may make anew when it publishes the same message again.
 */
export function fingerprint(message: MessageContent): string {
  const { type, origin, key, value } = message;
  // JSON escapes line breaks inside strings, so the first one ends the header part unambiguously.
  return createHash('sha256')
    .update(JSON.stringify([type ?? null, origin ?? null, key ?? null]))
    .update('\n')
    .update(value ?? new Uint8Array())
    .digest('hex');
}

/** The inbox entry of a message as read. */
export const inboxEntry = (message: MessageContent & { messageId: string }): InboxEntry => ({
  messageId: message.messageId,
  fingerprint: fingerprint(message),
});

/**
 * The id the inbox keeps: ours are UUIDs; anything else that is long or not plain printable text
 * (a sender's own ids, or a raw producer's) is kept as its SHA-256.
 */
export function inboxId(messageId: string): string {
  const plain = messageId.length <= 64 && /^[\x21-\x7e]+$/.test(messageId);
  return plain ? messageId : createHash('sha256').update(messageId).digest('hex');
}

/**
 * Records the new ones in the inbox and returns one verdict per entry, in order. Runs in the
 * transaction that applies them, so a message is recorded exactly when it is applied. Within the
 * entries, a repeated id is judged against its first occurrence. A row from before fingerprints were
 * kept cannot tell a reuse from a redelivery and counts as `seen`, as every repeat did then.
 */
export async function claimInbox(
  manager: EntityManager,
  entries: readonly InboxEntry[],
): Promise<InboxVerdict[]> {
  if (entries.length === 0) return [];
  const firsts = new Map<string, string>();
  for (const e of entries)
    if (!firsts.has(inboxId(e.messageId))) firsts.set(inboxId(e.messageId), e.fingerprint);
  const inserted: { message_id: string }[] = await manager.query(
    `INSERT INTO inbox (message_id, payload_hash) SELECT * FROM unnest($1::varchar[], $2::char(64)[])
     ON CONFLICT DO NOTHING RETURNING message_id`,
    [[...firsts.keys()], [...firsts.values()]],
  );
  const fresh = new Set(inserted.map((r) => r.message_id));
  const known = [...firsts.keys()].filter((id) => !fresh.has(id));
  // A new statement: under READ COMMITTED it sees a row a concurrent consumer committed meanwhile.
  const stored: { message_id: string; payload_hash: string | null }[] = known.length
    ? await manager.query('SELECT message_id, payload_hash FROM inbox WHERE message_id = ANY($1)', [known])
    : [];
  const before = new Map(stored.map((r) => [r.message_id, r.payload_hash]));
  const claimed = new Set<string>();
  return entries.map(({ messageId, fingerprint: print }) => {
    const id = inboxId(messageId);
    if (fresh.has(id) && !claimed.has(id)) {
      claimed.add(id);
      return 'new';
    }
    const recorded = fresh.has(id) ? firsts.get(id) : before.get(id);
    // Inbox rows are never deleted: one that conflicted and cannot be read back is a bug.
    if (recorded === undefined) throw new Error(`inbox row ${id} conflicted but is not there`);
    return recorded === null || recorded === print ? 'seen' : 'reused';
  });
}
