import type { KafkaMessage } from 'kafkajs';
import type { Identity } from '../security/pki';
import { HEADERS } from './topics';

/** A consumed message with what every handler needs from its envelope. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  /** When it was produced (the Kafka timestamp, ms since the epoch). */
  timestamp?: string;
  /** The sender's message id, or `topic:partition:offset` for a message without one. */
  messageId: string;
  type?: string;
  origin?: string;
  key?: string;
  value: Buffer | null;
  /** `codepix-signature` and `codepix-signer`, as read. */
  signature?: string;
  signerSerial?: string;
  /** Who signed it, set once the consumer has verified the signature; absent when it verifies none. */
  signer?: Identity;
}

/** A message that can never be applied, and why: what the DLQ records. */
export interface DeadMessage {
  message: ConsumedMessage;
  reason: string;
  /**
   * Refused for its signature: whoever sent it may not own the message id it carries, so it takes no
   * id in the inbox (its dead letter is kept once all the same, by where it was read).
   */
  untrusted?: boolean;
}

const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

export function toConsumedMessage(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: message.timestamp,
    messageId: header(message, HEADERS.messageId) ?? `${topic}:${partition}:${message.offset}`,
    type: header(message, HEADERS.type),
    origin: header(message, HEADERS.origin),
    key: message.key?.toString(),
    value: message.value,
    signature: header(message, HEADERS.signature),
    signerSerial: header(message, HEADERS.signer),
  };
}
