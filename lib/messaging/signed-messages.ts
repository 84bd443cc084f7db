import type { EntityManager } from 'typeorm';
import type { Writes } from '../persistence/writes';
import type { SignedFields } from '../security/message-signature';
import { signedFieldsOf } from '../security/message-verifier';
import type { ConsumedMessage } from './consumed-message';
import { inboxId } from './inbox';

/** A signed message as the hub keeps it: enough to verify its signature again, long after. */
export interface StoredSignedMessage {
  /** The inbox's id of the message (its `codepix-message-id`, or that id's SHA-256 when long). */
  messageId: string;
  endToEndId: string;
  signerSerial: string;
  signature: string;
  /** Exactly what the signature covers, payload bytes included. */
  fields: SignedFields;
  receivedAt: Date;
}

type Headers = Omit<SignedFields, 'payload'>;

/**
 * Why a verified message cannot be kept as proof, if it cannot: Postgres text holds no NUL, and the
 * signed headers must be stored exactly as signed.
 */
export function unstorable(message: ConsumedMessage): string | undefined {
  const { payload, ...headers } = signedFieldsOf(message);
  const bad = Object.entries(headers).find(([, value]) => value.includes('\u0000'));
  return bad && `UNDECODABLE: the signed ${bad[0]} holds a NUL character`;
}

/** The row of a message the hub applied to transfer `endToEndId`; none when it came unsigned (security off). */
export function signedMessageRow(message: ConsumedMessage, endToEndId: string): unknown[] | undefined {
  if (!message.signer || !message.signature || !message.signerSerial) return undefined;
  const { payload, ...headers } = signedFieldsOf(message);
  return [
    inboxId(message.messageId),
    endToEndId,
    message.signerSerial,
    message.signature,
    JSON.stringify(headers satisfies Headers),
    Buffer.from(payload),
  ];
}

/** One multi-row INSERT per batch, in the transaction that applies the messages. */
export function recordSignedMessages(writes: Writes, rows: readonly unknown[][]): void {
  writes.insert(
    'INSERT INTO signed_messages (message_id, end_to_end_id, signer_serial, signature, signed_fields, payload)',
    rows,
  );
}

interface Row {
  message_id: string;
  end_to_end_id: string;
  signer_serial: string;
  signature: string;
  signed_fields: Headers;
  payload: Buffer;
  received_at: Date;
}

/** The signed messages a transfer was made and moved by, oldest first. */
export async function signedMessagesOf(
  manager: EntityManager,
  endToEndId: string,
): Promise<StoredSignedMessage[]> {
  const rows: Row[] = await manager.query(
    `SELECT message_id, end_to_end_id, signer_serial, signature, signed_fields, payload, received_at
     FROM signed_messages WHERE end_to_end_id = $1 ORDER BY received_at, message_id`,
    [endToEndId],
  );
  return rows.map((row) => ({
    messageId: row.message_id,
    endToEndId: row.end_to_end_id,
    signerSerial: row.signer_serial,
    signature: row.signature,
    fields: { ...row.signed_fields, payload: row.payload },
    receivedAt: row.received_at,
  }));
}
