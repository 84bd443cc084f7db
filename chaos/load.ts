import { sleep } from '../src/infrastructure/local/processes';
import type { Customer } from './seed';
import { type SendOptions, type Sent, sendUntilAnswered } from './send';

/** One transfer the load generator asked a debtor bank for, and how the bank answered. */
export interface TransferRecord extends Sent {
  index: number;
  debtorIspb: string;
  creditorIspb: string;
  fromAccount: string;
  creditorKey: string;
  amountCents: string;
}

/** How much load, how fast, and the hooks the fault schedule and the refunds hang on it. */
export interface LoadOptions extends SendOptions {
  transfers: number;
  concurrency: number;
  /** Upper bound on new transfers started per second. */
  ratePerSecond: number;
  maxAmountCents: number;
  runId: string;
  random: () => number;
  /** Resolves when transfer `index` may start: the fault schedule holds the load back between faults. */
  gate(index: number): Promise<void>;
  /** Called as each transfer starts, with how many have started. */
  started(count: number): void;
  /** Called as a debtor bank accepts a transfer: its refunds, if it has any, follow it from there. */
  accepted(t: TransferRecord): void;
}

/** How the banks have answered so far; `answered` counts the final answers (accepted, refused, unanswered). */
export interface LoadTally {
  answered: number;
  accepted: number;
  refused: number;
  unanswered: number;
  shed: number;
}

/** The transfers' figures so far, for the progress bars while the load runs and the report after. */
export function tallyLoad(plan: TransferRecord[]): LoadTally {
  const tally = { answered: 0, accepted: 0, refused: 0, unanswered: 0, shed: 0 };
  for (const t of plan) {
    tally.shed += t.shed;
    if (t.answer !== 'pending') {
      tally.answered++;
      tally[t.answer]++;
    }
  }
  return tally;
}

/** Planned up front from the seeded random source, so a seed names the same transfers every run. */
export function planTransfers(
  customers: Customer[],
  opts: Pick<LoadOptions, 'transfers' | 'maxAmountCents' | 'runId' | 'random'>,
): TransferRecord[] {
  const pick = () => customers[Math.floor(opts.random() * customers.length)];
  return Array.from({ length: opts.transfers }, (_, index) => {
    const from = pick();
    let to = pick();
    while (to === from) to = pick();
    return {
      index,
      idempotencyKey: `${opts.runId}-${index}`,
      debtorIspb: from.ispb,
      creditorIspb: to.ispb,
      fromAccount: from.account,
      creditorKey: to.key,
      amountCents: String(1 + Math.floor(opts.random() * opts.maxAmountCents)),
      answer: 'pending',
      attempts: 0,
      shed: 0,
    };
  });
}

/**
 * Sends the planned transfers through the debtor banks' HTTP APIs, `concurrency` at a time, each until
 * the bank gives a definite answer (sendUntilAnswered): a worker waits out a bank that is down, frozen
 * or shedding before it takes the next transfer.
 */
export async function runLoad(
  plan: TransferRecord[],
  customers: Customer[],
  opts: LoadOptions,
): Promise<void> {
  const banks = new Map(customers.map((c) => [c.ispb, c.bank]));
  const spacingMs = 1000 / opts.ratePerSecond;
  let next = 0;
  let started = 0;
  let nextSlot = Date.now();
  const worker = async () => {
    for (let i = next++; i < plan.length; i = next++) {
      await opts.gate(i);
      const wait = nextSlot - Date.now();
      nextSlot = Math.max(nextSlot, Date.now()) + spacingMs;
      if (wait > 0) await sleep(wait);
      opts.started(++started);
      const t = plan[i];
      const body = {
        fromAccount: t.fromAccount,
        key: t.creditorKey,
        amount: t.amountCents,
        description: `chaos ${t.idempotencyKey}`,
      };
      await sendUntilAnswered(t, banks.get(t.debtorIspb) ?? { url: '' }, '/transfers', body, opts);
      if (t.answer === 'accepted') opts.accepted(t);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
}
