import type { BankNotice } from '../../application/ports/transfer-unit-of-work';
import {
  type AccountRef,
  Money,
  REJECTION_REASONS,
  REPLY_KINDS,
  type ReconciliationReason,
  type RefundOf,
  type RejectionReason,
  type ReplyKind,
  type Transfer,
  type TransferStatus,
} from '../../domain';
import {
  BankMessage,
  type AccountRef as ProtoAccountRef,
  RejectionReason as ProtoReason,
  ReconciliationReason as ProtoReconciliationReason,
  type RefundOf as ProtoRefundOf,
  RefundReason as ProtoRefundReason,
  ReplyKind as ProtoReplyKind,
  TransferStatus as ProtoStatus,
  type Transfer as ProtoTransfer,
} from '../../gen/codepix/v1/transfer';

/*
 * Domain ↔ proto for transfers, shared by the gRPC read side and the Kafka messages. Proto enum names
 * are the domain names with a prefix (`REJECTION_REASON_KEY_NOT_FOUND`), so the tables are derived.
 */

const reasonToProtoTable = new Map<RejectionReason, ProtoReason>(
  REJECTION_REASONS.map((r) => [r, ProtoReason[`REJECTION_REASON_${r}`]]),
);
const reasonFromProtoTable = new Map([...reasonToProtoTable].map(([k, v]) => [v as number, k]));
const STATUSES: TransferStatus[] = ['pending', 'confirmed', 'completed', 'rejected'];
const statusToProtoTable = new Map<TransferStatus, ProtoStatus>(
  STATUSES.map((s) => [s, ProtoStatus[`TRANSFER_STATUS_${s.toUpperCase()}` as keyof typeof ProtoStatus]]),
);
const statusFromProtoTable = new Map([...statusToProtoTable].map(([k, v]) => [v as number, k]));

export const reasonToProto = (reason: RejectionReason | undefined): ProtoReason =>
  reason ? (reasonToProtoTable.get(reason) ?? ProtoReason.REJECTION_REASON_UNSPECIFIED) : 0;
/** Unknown or unspecified values come out undefined. */
export const reasonFromProto = (reason: ProtoReason): RejectionReason | undefined =>
  reasonFromProtoTable.get(reason);
export const statusToProto = (status: TransferStatus): ProtoStatus =>
  statusToProtoTable.get(status) as ProtoStatus;
export const statusFromProto = (status: ProtoStatus): TransferStatus | undefined =>
  statusFromProtoTable.get(status);

/** The domain's name of a reply kind; one this hub does not know comes out as its number (refused). */
export const replyKindFromProto = (kind: ProtoReplyKind): ReplyKind | number => {
  const name = ProtoReplyKind[kind]?.replace(/^REPLY_KIND_/, '');
  return REPLY_KINDS.includes(name as ReplyKind) ? (name as ReplyKind) : kind;
};

const reconciliationToProto = (reason: ReconciliationReason | undefined): ProtoReconciliationReason =>
  reason
    ? ProtoReconciliationReason[`RECONCILIATION_REASON_${reason}`]
    : ProtoReconciliationReason.RECONCILIATION_REASON_UNSPECIFIED;

const accountToProto = (account: AccountRef | undefined): ProtoAccountRef | undefined =>
  account && { branch: account.branch, number: account.number, ownerName: account.ownerName };

const refundOfToProto = (refundOf: RefundOf | undefined): ProtoRefundOf | undefined =>
  refundOf && {
    originalEndToEndId: refundOf.originalId.value,
    reason: ProtoRefundReason[`REFUND_REASON_${refundOf.reason}`],
  };

/** A refund request's `refund`: its original's id and its reason as the domain names it, unchecked. */
export const refundAskFromProto = (refund: ProtoRefundOf | undefined) =>
  refund && {
    originalEndToEndId: refund.originalEndToEndId,
    reason: ProtoRefundReason[refund.reason]?.replace(/^REFUND_REASON_/, '') ?? String(refund.reason),
  };

/** The read side passes what refunds settled so far have returned of it; the relay's notices leave it 0. */
export function transferToProto(transfer: Transfer, refunded: Money = Money.ZERO): ProtoTransfer {
  const t = transfer.snapshot;
  return {
    endToEndId: t.id.value,
    status: statusToProto(t.status),
    debtorIspb: t.debtorIspb.value,
    debtorAccount: accountToProto(t.debtorAccount),
    creditorIspb: t.creditorIspb?.value ?? '',
    creditorAccount: accountToProto(t.creditorAccount),
    creditorKey: t.creditorKey,
    amount: t.amount.cents,
    description: t.description,
    rejectionReason: reasonToProto(t.rejectionReason),
    rejectionDetail: t.rejectionDetail ?? '',
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    deadline: t.deadline,
    reconciliationReason: reconciliationToProto(t.reconciliation?.reason),
    reconciliationRaisedAt: t.reconciliation?.raisedAt,
    refundOf: refundOfToProto(t.refundOf),
    refundedAmount: refunded.cents,
    settledAt: t.settledAt,
    txid: t.txid ?? '',
  };
}

export function encodeBankNotice(notice: BankNotice): Uint8Array {
  const body =
    notice.type === 'transfer'
      ? { transfer: transferToProto(notice.transfer) }
      : {
          refused: {
            endToEndId: notice.endToEndId,
            reason: reasonToProto(notice.reason),
            detail: notice.detail,
          },
        };
  return BankMessage.encode(body).finish();
}
