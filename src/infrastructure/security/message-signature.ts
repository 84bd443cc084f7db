import { createHash, type KeyObject, sign, verify } from 'node:crypto';

/**
 * What a Kafka message's signature covers: the payload and every header that gives it meaning. The
 * topic is in it too, so a message cannot be replayed onto another topic.
 */
export interface SignedFields {
  topic: string;
  key: string;
  type: string;
  messageId: string;
  origin: string;
  payload: Uint8Array;
}

const VERSION = 'codepix-signature-v1';

/** Length-prefixed fields, so no two different messages share the signed bytes. */
export function signedBytes(fields: SignedFields): Buffer {
  const digest = createHash('sha256').update(fields.payload).digest();
  const parts = [VERSION, fields.topic, fields.key, fields.type, fields.messageId, fields.origin].map(
    (text) => Buffer.from(text, 'utf8'),
  );
  const chunks: Buffer[] = [];
  for (const part of [...parts, digest]) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part.length);
    chunks.push(length, part);
  }
  return Buffer.concat(chunks);
}

/** ECDSA P-256 over SHA-256, base64 of the DER signature: what the `codepix-signature` header carries. */
export function signMessage(privateKey: KeyObject, fields: SignedFields): string {
  return sign('sha256', signedBytes(fields), privateKey).toString('base64');
}

export function verifyMessage(publicKey: KeyObject, fields: SignedFields, signature: string): boolean {
  try {
    return verify('sha256', signedBytes(fields), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
