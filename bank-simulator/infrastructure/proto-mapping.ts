import type { ConsumedMessage } from '../../lib/messaging/batch-consumer';
import { deadLetter } from '../../lib/messaging/dead-letter';
import { fingerprint } from '../../lib/messaging/inbox';
import type { OutboxMessage } from '../../lib/messaging/outbox';
import { MESSAGE_TYPES, type TopicNames } from '../../lib/messaging/topics';
import {
  AMOUNT_CENTS_MAX,
  EndToEndId,
  isRefundReason,
  Money,
  parseTxid,
  REJECTION_REASONS,
  type RejectionReason,
} from '../../src/domain';
import {
  BankMessage,
  RejectionReason as ProtoReason,
  type RefundOf as ProtoRefundOf,
  RefundReason as ProtoRefundReason,
  TransferStatus as ProtoStatus,
  ReplyKind,
  TransferReply,
  TransferRequest,
} from '../../src/gen/codepix/v1/transfer';
import type {
  Envelope,
  InboundMessage,
  OutgoingMessage,
  RawMessage,
  ReplyKind as Reply,
} from '../application/messages';
import type { TransferStatus } from '../domain';
import { claimFromProto } from './claim-mapping';

/* The bank's messages ↔ protobuf on Kafka. Proto enum names are the bank's names with a prefix. */

const reasonToProto = (reason: RejectionReason | undefined): ProtoReason =>
  reason ? ProtoReason[`REJECTION_REASON_${reason}`] : ProtoReason.REJECTION_REASON_UNSPECIFIED;
const reasonFromProto = (reason: ProtoReason): RejectionReason | undefined =>
  REJECTION_REASONS.find((r) => ProtoReason[`REJECTION_REASON_${r}`] === reason);

const STATUSES: readonly TransferStatus[] = ['pending', 'confirmed', 'completed', 'rejected'];
const statusFromProto = (status: ProtoStatus): TransferStatus | undefined =>
  STATUSES.find(
    (s) => ProtoStatus[`TRANSFER_STATUS_${s.toUpperCase()}` as keyof typeof ProtoStatus] === status,
  );

const REPLY_KINDS: Record<Reply, ReplyKind> = {
  confirmed: ReplyKind.REPLY_KIND_CONFIRMED,
  rejected: ReplyKind.REPLY_KIND_REJECTED,
  completed: ReplyKind.REPLY_KIND_COMPLETED,
  unknown: ReplyKind.REPLY_KIND_UNKNOWN_TRANSFER,
};

/** Where and how each of the bank's messages goes. */
export function toOutboxMessage(message: OutgoingMessage, ispb: string, topics: TopicNames): OutboxMessage {
  switch (message.kind) {
    case 'transfer-request': {
      const t = message.transfer.props;
      const payload = TransferRequest.encode({
        endToEndId: t.endToEndId,
        debtorIspb: ispb,
        debtorAccount: { ...message.debtor },
        creditorKey: t.counterpartyKey ?? '',
        amount: t.amount.cents,
        description: t.description,
        requestedAt: t.createdAt,
        refund: t.refundOf && {
          originalEndToEndId: t.refundOf.originalEndToEndId,
          reason: ProtoRefundReason[`REFUND_REASON_${t.refundOf.reason}`],
        },
        txid: t.txid ?? '',
      }).finish();
      return { topic: topics.transfers, key: t.endToEndId, type: MESSAGE_TYPES.transferRequest, payload };
    }
    case 'reply': {
      const payload = TransferReply.encode({
        endToEndId: message.endToEndId,
        ispb,
        kind: REPLY_KINDS[message.reply],
        reason: reasonToProto(message.reason),
        detail: '',
      }).finish();
      return {
        topic: topics.confirmations,
        key: message.endToEndId,
        type: MESSAGE_TYPES.transferReply,
        payload,
      };
    }
    case 'dead-letter':
      return deadLetter(topics, message.original, message.reason);
  }
}

/**
 * A message from codepix.bank.<ISPB>, decoded and checked. Anything that cannot be applied comes out
 * `poison` with the reason, to be dead-lettered: it must never stop the partition or be retried.
 */
export function decodeInbound(consumed: ConsumedMessage): InboundMessage {
  const original: RawMessage = consumed;
  const envelope: Envelope = { messageId: consumed.messageId, fingerprint: fingerprint(consumed), original };
  const poison = (reason: string): InboundMessage => ({ ...envelope, kind: 'poison', reason });
  // Empty, oversized and wrong-topic messages never get here (the batch consumer dead-letters them).
  let decoded: BankMessage;
  try {
    decoded = BankMessage.decode(consumed.value ?? new Uint8Array());
  } catch (error) {
    return poison(`UNDECODABLE: not a BankMessage: ${(error as Error).message}`);
  }
  if (decoded.refused) {
    const { endToEndId, reason, detail } = decoded.refused;
    // A refusal names the request it answers; one we cannot tie to any request is not applied, so it
    // is kept in the DLQ (the hub refuses a request whose own id is malformed with that same id).
    const bad = invalidEndToEndId(endToEndId);
    if (bad) return poison(`INVALID_FIELD: refused.${bad}`);
    return { ...envelope, kind: 'refused', endToEndId, reason: reasonFromProto(reason), detail };
  }
  if (decoded.claim) {
    try {
      return { ...envelope, kind: 'claim', claim: claimFromProto(decoded.claim.claim) };
    } catch (error) {
      return poison(`INVALID_FIELD: ${(error as Error).message}`);
    }
  }
  const t = decoded.transfer;
  if (!t) return poison('INVALID_FIELD: BankMessage with neither transfer, refused nor claim');
  const status = statusFromProto(t.status);
  if (!status) return poison(`INVALID_FIELD: status: unknown transfer status ${t.status}`);
  const bad = invalidEndToEndId(t.endToEndId);
  if (bad) return poison(`INVALID_FIELD: ${bad}`);
  // Only a pending transfer's amount is used (to record it); later states use the amount stored then.
  const inRange = t.amount >= 1n && t.amount <= AMOUNT_CENTS_MAX;
  if (status === 'pending' && !inRange) return poison(`INVALID_FIELD: amount: ${t.amount} out of range`);
  const txid = validTxid(t.txid);
  if (typeof txid === 'object') return poison(`INVALID_FIELD: ${txid.error}`);
  const account = t.creditorAccount;
  return {
    ...envelope,
    kind: 'transfer',
    transfer: {
      endToEndId: t.endToEndId,
      status,
      debtorIspb: t.debtorIspb,
      creditorIspb: t.creditorIspb,
      creditorAccount: account && { branch: account.branch, number: account.number },
      creditorKey: t.creditorKey,
      amount: inRange ? Money.fromCents(t.amount) : Money.ZERO,
      description: t.description,
      ...(txid && { txid }),
      reason: reasonFromProto(t.rejectionReason),
      detail: t.rejectionDetail,
      refundOf: refundOfFromProto(t.refundOf),
    },
  };
}

/** A refund's original as the hub names it; a reason this bank does not know is kept out, not guessed. */
function refundOfFromProto(refundOf: ProtoRefundOf | undefined) {
  const reason = refundOf && ProtoRefundReason[refundOf.reason]?.replace(/^REFUND_REASON_/, '');
  return refundOf && isRefundReason(reason)
    ? { originalEndToEndId: refundOf.originalEndToEndId, reason }
    : undefined;
}

/** The txid a transfer carries (undefined: none), or why it is malformed. */
function validTxid(value: string): string | undefined | { error: string } {
  try {
    return parseTxid(value);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Why an end-to-end id is malformed (`end_to_end_id: ...`), or undefined when it is well-formed. */
function invalidEndToEndId(value: string): string | undefined {
  try {
    EndToEndId.create(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
