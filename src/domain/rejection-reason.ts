/**
 * Why a transfer was rejected. Stable codes, the same as the proto enum `RejectionReason` without its
 * prefix; banks act on them.
 */
export const REJECTION_REASONS = [
  'INVALID_REQUEST',
  'DEBTOR_BANK_NOT_ACTIVE',
  'KEY_NOT_FOUND',
  'SAME_ACCOUNT',
  'AMOUNT_OUT_OF_RANGE',
  'INSUFFICIENT_SETTLEMENT_FUNDS',
  'DEADLINE_EXCEEDED',
  'CREDITOR_ACCOUNT_NOT_FOUND',
  'CREDITOR_ACCOUNT_CLOSED',
  'CREDITOR_REFUSED',
  'DUPLICATE_MISMATCH',
  'ORIGINAL_NOT_FOUND',
  'ORIGINAL_NOT_COMPLETED',
  'NOT_ORIGINAL_CREDITOR',
  'REFUND_PERIOD_EXPIRED',
  'REFUND_EXCEEDS_REMAINING',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The reasons a creditor bank may give; anything else it sends is recorded as CREDITOR_REFUSED. */
export const CREDITOR_REASONS: readonly RejectionReason[] = [
  'CREDITOR_ACCOUNT_NOT_FOUND',
  'CREDITOR_ACCOUNT_CLOSED',
  'CREDITOR_REFUSED',
];
