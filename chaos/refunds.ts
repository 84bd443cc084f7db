import { REFUND_REASONS } from '../src/domain';
import { statusFromProto } from '../src/infrastructure/proto/transfer-mapping';
import type { BankDoor } from '../stack/bank-http';
import type { TransferRecord } from './load';
import type { Customer } from './seed';
import { bankSide, finalStatus, type SendOptions, type Sent, sendUntilAnswered } from './send';
import type { ChaosStack } from './stack';

/** Where the refunds ask the hub whether their original has completed. */
type Hub = Pick<ChaosStack, 'hubTransfer'>;

/**
 * What one refund asks of what is left of its original once the earlier refunds are final: `partial`
 * some of it, `rest` all of it, `over` a cent more, which the hub must refuse (REFUND_EXCEEDS_REMAINING).
 */
export type RefundKind = 'partial' | 'rest' | 'over';

/** An original's refunds, in order: one or two partial ones, a full one, or one too many after them. */
const PATTERNS: readonly RefundKind[][] = [
  ['partial'],
  ['partial', 'partial'],
  ['rest'],
  ['partial', 'rest'],
  ['partial', 'over'],
  ['rest', 'over'],
];

/** One refund the creditor bank of a transfer was asked for, and how it answered and ended. */
export interface RefundRecord extends Sent {
  /** The refunded transfer's index in the load's plan. */
  originalIndex: number;
  originalEndToEndId?: string;
  /** The refunding bank: the original's creditor. */
  debtorIspb: string;
  kind: RefundKind;
  /** Of a partial refund, the share of what is left that it returns, drawn when planned. */
  share: number;
  reason: string;
  /** Decided as it is sent, from what the earlier refunds of its original completed. */
  amountCents?: string;
  /** Why it was never sent: its original did not complete, or an earlier refund of it did not end. */
  skipped?: string;
  /** Its status at the refunding bank once it ended. */
  finalStatus?: string;
}

/**
 * Planned with the transfers, from the same seeded source: every `every`-th transfer gets a pattern of
 * refunds, so a seed names the same refunds every run (their amounts follow what completed before them).
 */
export function planRefunds(
  plan: TransferRecord[],
  opts: { every: number; random: () => number },
): RefundRecord[] {
  return plan
    .filter((t) => t.index % opts.every === opts.every - 1)
    .flatMap((t) =>
      PATTERNS[Math.floor(opts.random() * PATTERNS.length)].map((kind, n) => ({
        idempotencyKey: `${t.idempotencyKey}-refund-${n}`,
        originalIndex: t.index,
        debtorIspb: t.creditorIspb,
        kind,
        share: opts.random(),
        reason: REFUND_REASONS[Math.floor(opts.random() * REFUND_REASONS.length)],
        answer: 'pending' as const,
        attempts: 0,
        shed: 0,
      })),
    );
}

/** How the refunding banks have answered so far; `sent` counts those they accepted. */
export interface RefundTally {
  planned: number;
  sent: number;
  refused: number;
  unanswered: number;
  skipped: number;
  shed: number;
}

/** The refunds' figures so far, for the progress bars while the load runs and the report after. */
export function tallyRefunds(refunds: RefundRecord[]): RefundTally {
  const tally = { planned: refunds.length, sent: 0, refused: 0, unanswered: 0, skipped: 0, shed: 0 };
  for (const r of refunds) {
    tally.shed += r.shed;
    if (r.skipped) tally.skipped++;
    else if (r.answer === 'accepted') tally.sent++;
    else if (r.answer !== 'pending') tally[r.answer]++;
  }
  return tally;
}

/** The refunds' figures in the report: the load's tally and how those sent ended at the hub. */
export interface RefundFigures extends RefundTally {
  completed: number;
  /** Of those not sent, how many for each reason. */
  notSent: Record<string, number>;
  /** Sent asking more than was left of their original. */
  overRemaining: number;
  /** Refused by the hub as over what was left (REFUND_EXCEEDS_REMAINING): overRemaining, when all is well. */
  refusedOverRemaining: number;
  /** Of those sent, by final state at the hub (rejections by reason). */
  outcomes: Record<string, number>;
}

/** The figures, once the audit has read how the refunds ended at the hub (`outcomes`). */
export function refundFigures(refunds: RefundRecord[], outcomes: Record<string, number>): RefundFigures {
  const notSent: Record<string, number> = {};
  for (const r of refunds) if (r.skipped) notSent[r.skipped] = (notSent[r.skipped] ?? 0) + 1;
  return {
    ...tallyRefunds(refunds),
    notSent,
    completed: outcomes.completed ?? 0,
    overRemaining: refunds.filter((r) => r.kind === 'over' && r.answer === 'accepted').length,
    refusedOverRemaining: outcomes['rejected REFUND_EXCEEDS_REMAINING'] ?? 0,
    outcomes,
  };
}

/** The refunds running beside the transfers: started as their originals are accepted, awaited at the end. */
export interface RefundLoad {
  /** Starts the refunds planned for a transfer its debtor bank accepted; none if it has none. */
  follow(t: TransferRecord): void;
  /** Resolves once every refund started has ended or been given up. */
  finished(): Promise<void>;
}

/**
 * Refunds sent by the creditor bank as the faults go on: once the original has completed at both banks
 * and at the hub (which completes it only on the debtor bank's ack, so it may still be confirmed there
 * when both banks have moved the money), each refund in turn, sent until answered like a transfer (same retries, its own Idempotency-Key), and
 * waited for until it ends, so the next one knows what is left of the original.
 */
export function refundLoad(
  refunds: RefundRecord[],
  customers: Customer[],
  hub: Hub,
  opts: SendOptions,
): RefundLoad {
  const banks = new Map(customers.map((c) => [c.ispb, c.bank]));
  const bank = (ispb: string) => banks.get(ispb) ?? { url: '' };
  const running: Promise<void>[] = [];
  return {
    follow(t) {
      const mine = refunds.filter((r) => r.originalIndex === t.index);
      if (mine.length > 0) running.push(refundInTurn(t, mine, { bank, hub }, opts));
    },
    async finished() {
      await Promise.all(running);
    },
  };
}

async function refundInTurn(
  t: TransferRecord,
  refunds: RefundRecord[],
  { bank, hub }: { bank: (ispb: string) => BankDoor; hub: Hub },
  opts: SendOptions,
): Promise<void> {
  const skip = (from: number, why: string) => {
    for (const r of refunds.slice(from)) r.skipped = why;
  };
  const id = t.endToEndId;
  if (!id) return skip(0, 'no end-to-end id from the debtor bank');
  const paid = await finalStatus(bankSide(bank(t.debtorIspb), id, 'outgoing', opts), opts);
  if (paid !== 'completed') return skip(0, `original ${paid ?? 'unended'} at its debtor bank`);
  // Each hears of the confirmation on its own topic, and the hub completes it on the debtor's ack.
  const credited = await finalStatus(bankSide(bank(t.creditorIspb), id, 'incoming', opts), opts);
  const settled = await finalStatus(async () => statusFromProto((await hub.hubTransfer(id)).status), opts);
  if (credited !== 'completed' || settled !== 'completed') {
    return skip(
      0,
      `original ${credited ?? 'unended'} at its creditor bank, ${settled ?? 'unended'} at the hub`,
    );
  }
  let left = BigInt(t.amountCents);
  for (const [n, r] of refunds.entries()) {
    r.originalEndToEndId = id;
    const amount =
      r.kind === 'over'
        ? left + 1n
        : r.kind === 'rest'
          ? left
          : 1n + BigInt(Math.floor(r.share * Number(left - 1n)));
    r.amountCents = amount.toString();
    const body = { amount: r.amountCents, reason: r.reason, description: `chaos ${r.idempotencyKey}` };
    await sendUntilAnswered(r, bank(r.debtorIspb), `/transfers/${id}/refunds`, body, opts);
    if (r.answer !== 'accepted' || !r.endToEndId) return skip(n + 1, `an earlier refund ${r.answer}`);
    r.finalStatus = await finalStatus(bankSide(bank(r.debtorIspb), r.endToEndId, 'outgoing', opts), opts);
    if (r.finalStatus === undefined) return skip(n + 1, 'an earlier refund unended');
    if (r.finalStatus === 'completed') left -= amount;
  }
}
