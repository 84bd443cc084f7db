/**
 * Why the hub raised a transfer for reconciliation: the protocol cannot settle it, a person must.
 * Stable codes, the same as the proto enum `ReconciliationReason` without its prefix.
 * - UNKNOWN_TRANSFER: a party bank says it has no record of the transfer (it never sent or accepted it).
 * - ACK_OVERDUE: the money moved, and the debtor bank never acknowledged it however often it was told.
 */
export const RECONCILIATION_REASONS = ['UNKNOWN_TRANSFER', 'ACK_OVERDUE'] as const;
export type ReconciliationReason = (typeof RECONCILIATION_REASONS)[number];

/** A transfer's flag for reconciliation: raised once, never cleared by the protocol. */
export interface Reconciliation {
  reason: ReconciliationReason;
  raisedAt: Date;
}
