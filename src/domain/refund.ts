import { type AccountRef, sameAccountRef } from './account-ref';
import type { EndToEndId } from './end-to-end-id';
import type { Ispb } from './ispb';
import { REFUND_PERIOD_DAYS_MAX } from './limits';
import type { Money } from './money';
import type { RejectionReason } from './rejection-reason';
import type { Transfer } from './transfer';

/** Why a refund is made, as the SPI codes it. */
export const REFUND_REASONS = ['MD06', 'BE08', 'FR01', 'SL02'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export const isRefundReason = (value: unknown): value is RefundReason =>
  REFUND_REASONS.includes(value as RefundReason);

/** What a refund returns money of: its original transfer, and why. */
export interface RefundOf {
  originalId: EndToEndId;
  reason: RefundReason;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a refund asks, for the rules below: who refunds, how much, when. */
export interface RefundAsk {
  refunder: Ispb;
  /** The account the money goes back from: the one the original paid. */
  refunderAccount: AccountRef;
  amount: Money;
  at: Date;
  /** What earlier refunds of the original not rejected (pending, confirmed, completed) add up to. */
  refundedSoFar: Money;
}

/**
 * Why the hub refuses a refund of `original`, in the order the reasons take precedence, or undefined
 * when it may go ahead: only a settled transfer (confirmed: the money moved; or completed), only by its
 * creditor bank from the account it paid, only within
 * REFUND_PERIOD_DAYS_MAX of its settlement, and never past its amount, counting every refund not
 * rejected, so partial refunds add up to the original at most.
 */
export function refundRefusal(
  original: Transfer,
  ask: RefundAsk,
): { reason: RejectionReason; detail: string } | undefined {
  const { id, status, amount, settledAt } = original.snapshot;
  // Settled at confirmation: the creditor bank has credited its customer then, and may be asked to
  // return it before the debtor bank's acknowledgement has let the hub complete the original.
  if (status !== 'completed' && status !== 'confirmed') {
    return { reason: 'ORIGINAL_NOT_COMPLETED', detail: `refund.original_end_to_end_id: ${id} is ${status}` };
  }
  const creditor = original.creditor;
  if (!creditor.ispb.equals(ask.refunder)) {
    const detail = `debtor_ispb: only ${creditor.ispb}, the creditor of ${id}, may refund it`;
    return { reason: 'NOT_ORIGINAL_CREDITOR', detail };
  }
  if (!sameAccountRef(creditor.account, ask.refunderAccount)) {
    const detail = `debtor_account: ${id} paid account ${creditor.account.branch}/${creditor.account.number}`;
    return { reason: 'NOT_ORIGINAL_CREDITOR', detail };
  }
  if (settledAt && ask.at.getTime() - settledAt.getTime() > REFUND_PERIOD_DAYS_MAX * DAY_MS) {
    const detail = `refund.original_end_to_end_id: ${id} was settled on ${settledAt.toISOString()}, more than ${REFUND_PERIOD_DAYS_MAX} days ago`;
    return { reason: 'REFUND_PERIOD_EXPIRED', detail };
  }
  const remaining = amount.subtract(ask.refundedSoFar);
  if (ask.amount.compare(remaining) > 0) {
    const detail = `amount: ${ask.amount} is above the ${remaining} left to refund of ${id}`;
    return { reason: 'REFUND_EXCEEDS_REMAINING', detail };
  }
  return undefined;
}
