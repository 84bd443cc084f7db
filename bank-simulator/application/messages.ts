import type {
  AccountRef,
  AccountType,
  ClaimKind,
  ClaimReason,
  ClaimStatus,
  KeyKind,
  Money,
  RefundReason,
  RejectionReason,
} from '../../src/domain';
import type { BankTransfer, TransferStatus } from '../domain';

/*
 * What the bank exchanges with the hub, in the bank's own terms. The infrastructure turns these into
 * protobuf messages on Kafka topics and back; use cases never see bytes they would have to parse.
 */

/** A message as read from Kafka, kept whole so one that cannot be applied can be dead-lettered as is. */
export interface RawMessage {
  messageId: string;
  topic: string;
  partition: number;
  offset: string;
  key?: string;
  type?: string;
  origin?: string;
  value: Uint8Array | null;
}

/** A transfer as the hub describes it in a BankMessage. */
export interface HubTransfer {
  endToEndId: string;
  status: TransferStatus;
  debtorIspb: string;
  creditorIspb: string;
  /** The account behind the key; given when the creditor bank is asked to accept (status pending). */
  creditorAccount?: { branch: string; number: string };
  creditorKey: string;
  amount: Money;
  description: string;
  /** The payee's id for the payment, from the BR Code the payer paid; absent when none. */
  txid?: string;
  reason?: RejectionReason;
  detail: string;
  /** Set on a refund: the transfer it returns money of. */
  refundOf?: { originalEndToEndId: string; reason: RefundReason };
}

/** One side of a claim as the hub describes it: an account at a bank, its owner's tax id masked. */
export interface HubClaimSide {
  ispb: string;
  branch: string;
  number: string;
  type?: AccountType;
  ownerName: string;
  ownerTaxIdMasked: string;
}

/** One step of a claim's history; `from` is absent for its opening. `by` is `bank:<ISPB>` or `hub`. */
export interface HubClaimChange {
  from?: ClaimStatus;
  to: ClaimStatus;
  reason?: ClaimReason;
  by: string;
  at: Date;
}

/** A key claim as the hub describes it: in a notice on the bank's topic, or answering a call. */
export interface HubClaim {
  id: string;
  kind: ClaimKind;
  keyKind: KeyKind;
  key: string;
  status: ClaimStatus;
  reason?: ClaimReason;
  claimer: HubClaimSide;
  donor: HubClaimSide;
  resolutionEndsAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Oldest first; only the hub's GetClaim fills it, notices never do. */
  history: HubClaimChange[];
}

/** What every inbound message carries besides its body: how the inbox knows it, and what was read. */
export interface Envelope {
  messageId: string;
  /** A hash of the payload and the headers that give it meaning: equal for a redelivery. */
  fingerprint: string;
  /** The message as read, to dead-letter it as it came. */
  original: RawMessage;
}

export type InboundMessage = Envelope &
  (
    | { kind: 'transfer'; transfer: HubTransfer }
    | { kind: 'refused'; endToEndId: string; reason?: RejectionReason; detail: string }
    /** A claim's state after a step: this bank is its donor, its claimer, or both. */
    | { kind: 'claim'; claim: HubClaim }
    /** Could not be decoded or makes no sense: it goes to the DLQ with `reason`, never retried. */
    | { kind: 'poison'; reason: string }
  );

/** `unknown`: the hub told us a transfer is confirmed and we have no record of it. */
export type ReplyKind = 'confirmed' | 'rejected' | 'completed' | 'unknown';

export type OutgoingMessage =
  /** To codepix.transactions: asks the hub to move the money of an outgoing transfer. */
  | { kind: 'transfer-request'; transfer: BankTransfer; debtor: AccountRef }
  /** To codepix.confirmations: the creditor's answer, the debtor's ack, or news of an unknown transfer. */
  | { kind: 'reply'; endToEndId: string; reply: ReplyKind; reason?: RejectionReason }
  /** To codepix.dlq: a consumed message that can never be applied. */
  | { kind: 'dead-letter'; reason: string; original: RawMessage };
