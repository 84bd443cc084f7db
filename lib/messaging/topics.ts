/** Topic names, from the one configurable prefix (docs/protocol.md). */
export function topicNames(prefix: string) {
  return {
    prefix,
    transfers: `${prefix}.transactions`,
    confirmations: `${prefix}.confirmations`,
    dlq: `${prefix}.dlq`,
    bank: (ispb: string) => `${prefix}.bank.${ispb}`,
    /**
     * The consumer group of a bank's topic: with the prefix in it, banks of separate deployments sharing
     * one broker never join each other's group.
     */
    bankGroup: (ispb: string) => `${prefix}-bank-${ispb}`,
  };
}
export type TopicNames = ReturnType<typeof topicNames>;

/** Kafka headers every CodePix message carries. */
export const HEADERS = {
  /** Unique per message; the consumer's inbox key, so a redelivered message is applied once. */
  messageId: 'codepix-message-id',
  /** The protobuf message name, e.g. `codepix.v1.TransferRequest`. */
  type: 'codepix-type',
  /** Who sent it: a bank's ISPB or `hub`. */
  origin: 'codepix-origin',
  /** Base64 of the sender's ECDSA P-256 signature (DER) over the message: see message-signature.ts. */
  signature: 'codepix-signature',
  /** The serial of the certificate whose key made the signature, lower-case hex. */
  signer: 'codepix-signer',
  /** On codepix.dlq: why the message can never be processed, and where it was read. */
  dlqReason: 'codepix-dlq-reason',
  dlqSource: 'codepix-dlq-source',
  /** On codepix.dlq: the origin and message id of the dead message (the entry has its own). */
  dlqOrigin: 'codepix-dlq-origin',
  dlqMessageId: 'codepix-dlq-message-id',
} as const;

export const MESSAGE_TYPES = {
  transferRequest: 'codepix.v1.TransferRequest',
  transferReply: 'codepix.v1.TransferReply',
  bankMessage: 'codepix.v1.BankMessage',
} as const;
