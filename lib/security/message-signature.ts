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

/** What signs a process's messages: its private key and the serial of the certificate for that key. */
export interface MessageSigner {
  privateKey: KeyObject;
  serial: string;
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

/*
 * The same two on libuv's thread pool: a batch's signatures are made or checked on every core at once,
 * while the event loop goes on with the database and Kafka.
 */

export function signMessageAsync(privateKey: KeyObject, fields: SignedFields): Promise<string> {
  return new Promise((resolve, reject) =>
    sign('sha256', signedBytes(fields), privateKey, (error, signature) =>
      error ? reject(error) : resolve(signature.toString('base64')),
    ),
  );
}

export function verifyMessageAsync(
  publicKey: KeyObject,
  fields: SignedFields,
  signature: string,
): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      verify('sha256', signedBytes(fields), publicKey, Buffer.from(signature, 'base64'), (error, valid) =>
        resolve(!error && valid),
      );
    } catch {
      resolve(false);
    }
  });
}
