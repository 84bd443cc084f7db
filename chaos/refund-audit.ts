import type { Records } from './records';
import type { RefundRecord } from './refunds';

/**
 * How a refund may end at the hub: one over what was left refused for it, any other completed or, when
 * a fault held it past its deadline, rejected for that. The original had completed everywhere and the
 * refunds before it had ended when it was sent, so no other refund rule can refuse it.
 */
const MAY_END: Record<RefundRecord['kind'], readonly string[]> = {
  over: ['rejected REFUND_EXCEEDS_REMAINING'],
  partial: ['completed', 'rejected DEADLINE_EXCEEDED'],
  rest: ['completed', 'rejected DEADLINE_EXCEEDED'],
};

/**
 * What the refunds must show once drained, beside ending alike everywhere (the audit's `lost`): each
 * ended as its kind may (MAY_END), so exactly those sent over what was left were refused; and the
 * completed refunds of a transfer add up to its amount at most, at the hub and at both banks.
 */
export function refundViolations(refunds: RefundRecord[], records: Records): string[] {
  const found: string[] = [];
  for (const r of refunds) {
    const h = r.endToEndId ? records.hub.get(r.endToEndId) : undefined;
    if (r.answer !== 'accepted' || !h) continue;
    const ended = h.status === 'rejected' ? `rejected ${h.rejection_reason}` : h.status;
    if (!MAY_END[r.kind].includes(ended)) {
      const of = `${r.kind} refund of ${h.original_end_to_end_id}`;
      found.push(`REFUND: ${h.id}, a ${of} asking ${r.amountCents}, ended ${ended}`);
    }
  }
  const completed = [...records.hub.values()].filter((t) => t.status === 'completed');
  for (const [original, sum] of sumByOriginal(completed, (t) => t.original_end_to_end_id)) {
    const amount = BigInt(records.hub.get(original)?.amount ?? 0);
    if (sum > amount) found.push(`REFUND: the hub completed ${sum} of refunds of ${original}, of ${amount}`);
  }
  for (const [ispb, rows] of records.banks) {
    for (const direction of ['outgoing', 'incoming'] as const) {
      const refundsHere = rows.filter((t) => t.direction === direction && t.status === 'completed');
      const originalSide = direction === 'outgoing' ? 'incoming' : 'outgoing';
      for (const [original, sum] of sumByOriginal(refundsHere, (t) => t.refund_of)) {
        const amount = BigInt(records.side(ispb, original, originalSide)?.amount ?? 0);
        if (sum > amount) {
          found.push(`REFUND: ${ispb} completed ${sum} of ${direction} refunds of ${original}, of ${amount}`);
        }
      }
    }
  }
  return found;
}

/** The amounts of the refunds among `rows`, summed by the transfer each returns (`of`). */
function sumByOriginal<T extends { amount: string }>(
  rows: T[],
  of: (row: T) => string | null,
): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const r of rows) {
    const original = of(r);
    if (original) sums.set(original, (sums.get(original) ?? 0n) + BigInt(r.amount));
  }
  return sums;
}
