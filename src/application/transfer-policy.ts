import type { Money } from '../domain';

/** The hub's limits on transfers, from configuration. */
export interface TransferPolicy {
  /** The largest amount one transfer may carry; above it a request is rejected AMOUNT_OUT_OF_RANGE. */
  maxAmount: Money;
  /** How long the creditor bank has to confirm before the transfer is rejected DEADLINE_EXCEEDED. */
  deadlineMs: number;
}
