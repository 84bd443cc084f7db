import { moneyDiscrepancies } from '../stack/invariants';
import type { TransferRecord } from './load';
import { loadRecords, query, type Records } from './records';
import { refundViolations } from './refund-audit';
import type { RefundRecord } from './refunds';
import type { Sent } from './send';
import type { ChaosStack } from './stack';

export interface Audit {
  /**
   * Accepted transfers and refunds not in one terminal state agreed by the bank that sent them, the hub
   * and the bank they went to, or not linked alike to their original.
   */
  lost: { idempotencyKey: string; endToEndId?: string; why: string }[];
  /** End-to-end ids debited or credited more than once, in a bank statement or the hub ledger. */
  duplicated: { endToEndId: string; where: string }[];
  /** How far I2 is off, in cents, summed over the banks and the settlement total. */
  moneyDifferenceCents: bigint;
  /** Accepted transfers by final hub state, and rejections by reason. */
  outcomes: Record<string, number>;
  /** Accepted refunds the same way. */
  refundOutcomes: Record<string, number>;
  /** Refunds decided against the rules, or adding up past their original (refundViolations). */
  refundViolations: string[];
}

/** What the audit follows: a request a bank accepted, and of a refund the transfer it returns. */
type Followed = Sent & { debtorIspb: string; originalEndToEndId?: string };

/**
 * Follows every accepted transfer and refund through the bank that sent it, the hub and the bank it
 * went to, then checks the refunds against their originals.
 */
export async function audit(
  stack: ChaosStack,
  transfers: TransferRecord[],
  refunds: RefundRecord[],
): Promise<Audit> {
  const records = await loadRecords(stack);
  const lost: Audit['lost'] = [];
  const outcomes = follow(transfers, records, lost);
  const refundOutcomes = follow(refunds, records, lost);
  const money = await moneyDiscrepancies(stack.hubDatabaseUrl, stack.banks);
  return {
    lost,
    duplicated: await duplicates(stack),
    moneyDifferenceCents: money.reduce((sum, d) => sum + d.cents, 0n),
    outcomes,
    refundOutcomes,
    refundViolations: refundViolations(refunds, records),
  };
}

/** Adds to `lost` what did not end alike everywhere; the final hub states, counted. */
function follow(sent: Followed[], records: Records, lost: Audit['lost']): Record<string, number> {
  const outcomes: Record<string, number> = {};
  for (const t of sent.filter((x) => x.answer === 'accepted')) {
    const miss = (why: string) =>
      lost.push({ idempotencyKey: t.idempotencyKey, endToEndId: t.endToEndId, why });
    const debtor = records.sentUnder(t.debtorIspb, t.idempotencyKey);
    const id = t.endToEndId ?? debtor?.end_to_end_id;
    if (!debtor || !id) {
      miss(`debtor bank ${t.debtorIspb} has no transfer for this idempotency key`);
      continue;
    }
    if (debtor.end_to_end_id !== id) {
      miss(`the bank answered ${id} but recorded ${debtor.end_to_end_id}`);
      continue;
    }
    const h = records.hub.get(id);
    if (!h) {
      miss('unknown to the hub');
      continue;
    }
    const outcome = h.status === 'rejected' ? `rejected ${h.rejection_reason}` : h.status;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    const of = t.originalEndToEndId ?? null;
    if (h.original_end_to_end_id !== of || debtor.refund_of !== of) {
      const says = `hub ${h.original_end_to_end_id ?? 'none'}, debtor bank ${debtor.refund_of ?? 'none'}`;
      miss(`sent as a refund of ${of ?? 'none'}, recorded as one of ${says}`);
    } else if (h.status !== 'completed' && h.status !== 'rejected') miss(`hub left it ${h.status}`);
    else if (debtor.status !== h.status) miss(`debtor bank says ${debtor.status}, hub ${h.status}`);
    else if (h.status === 'completed') {
      const creditor = h.creditor_ispb ? records.side(h.creditor_ispb, id, 'incoming') : undefined;
      if (creditor?.status !== 'completed')
        miss(`hub completed it, creditor ${h.creditor_ispb} says ${creditor?.status ?? 'nothing'}`);
      else if (creditor.refund_of !== of)
        miss(`creditor ${h.creditor_ispb} has it as a refund of ${creditor.refund_of ?? 'none'}`);
    }
  }
  return outcomes;
}

/** One debit and one credit per end-to-end id across all banks; one entry per kind and bank at the hub. */
async function duplicates(stack: ChaosStack): Promise<Audit['duplicated']> {
  const found: Audit['duplicated'] = [];
  const moves = new Map<string, string[]>();
  for (const bank of stack.banks) {
    const rows = await query<{ end_to_end_id: string; kind: string }>(
      bank.databaseUrl,
      `SELECT end_to_end_id, kind FROM statement_entries WHERE kind IN ('debit', 'credit')`,
    );
    for (const r of rows) {
      const key = `${r.end_to_end_id.trim()} ${r.kind}`;
      moves.set(key, [...(moves.get(key) ?? []), bank.ispb]);
    }
  }
  for (const [key, banks] of moves) {
    const [endToEndId, kind] = key.split(' ');
    if (banks.length > 1) found.push({ endToEndId, where: `${kind} at ${banks.join(', ')}` });
  }
  const ledger = await query<{ end_to_end_id: string; ispb: string; kind: string; n: string }>(
    stack.hubDatabaseUrl,
    `SELECT end_to_end_id, ispb, kind, count(*) AS n FROM ledger_entries
     WHERE end_to_end_id IS NOT NULL GROUP BY 1, 2, 3 HAVING count(*) > 1`,
  );
  for (const r of ledger) {
    found.push({ endToEndId: r.end_to_end_id.trim(), where: `hub ledger ${r.kind} for ${r.ispb} ×${r.n}` });
  }
  return found;
}
