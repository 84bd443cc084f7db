import { ValidationError } from './errors';

/**
 * What a bank's reply to the hub says of a transfer: the creditor CONFIRMED or REJECTED it, the debtor
 * COMPLETED it (its ack), or either has no record of it (UNKNOWN_TRANSFER). The proto enum's names
 * without their prefix.
 */
export const REPLY_KINDS = ['CONFIRMED', 'REJECTED', 'COMPLETED', 'UNKNOWN_TRANSFER'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

/** A kind this hub knows, else TRANSFER.UNKNOWN_REPLY_KIND (a newer bank's kind, or none at all). */
export function parseReplyKind(value: unknown): ReplyKind {
  if (REPLY_KINDS.includes(value as ReplyKind)) return value as ReplyKind;
  throw new ValidationError(
    'kind',
    `${String(value)} is not one of ${REPLY_KINDS.join(', ')}`,
    'TRANSFER.UNKNOWN_REPLY_KIND',
  );
}
