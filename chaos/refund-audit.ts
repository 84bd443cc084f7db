import type { Records } from './records';
import type { RefundRecord } from './refunds';

const EXCEEDS = 'REFUND_EXCEEDS_REMAINING';

/**
 * What the refunds must show once drained, beside ending alike everywhere (the audit's `lost`): each
 * was refused for being over what was left exactly when it was sent over it (they are sent one at a
 * time, each after the one before ended); and the completed refunds of a transfer add up to its amount
 * at most, at the hub and at both banks.
 */
export function refundViolations(refunds: RefundRecord[], records: Records): string[] {
  const found: string[] = [];
  for (const r of refunds) {
    const h = r.endToEndId ? records.hub.get(r.endToEndId) : undefined;
    if (r.answer !== 'accepted' || !h) continue;
    const refused = h.status === 'rejected' && h.rejection_reason === EXCEEDS;
    if (r.kind === 'over' && !refused) {
      const ended = h.status === 'rejected' ? `rejected ${h.rejection_reason}` : h.status;
      found.push(
        `REFUND: ${h.id} asked ${r.amountCents}, over what was left of ${h.original_end_to_end_id}, and ended ${ended}`,
      );
    }
    if (r.kind !== 'over' && refused) {
      found.push(
        `REFUND: ${h.id} asked ${r.amountCents}, no more than was left of ${h.original_end_to_end_id}, and was refused`,
      );
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
