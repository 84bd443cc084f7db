import { sleep } from '../src/infrastructure/local/processes';
import { bankRequest } from '../stack/bank-http';
import type { Customer } from './seed';

/** One transfer the load generator asked a debtor bank for, and how the bank answered. */
export interface TransferRecord {
  index: number;
  idempotencyKey: string;
  debtorIspb: string;
  creditorIspb: string;
  fromAccount: string;
  creditorKey: string;
  amountCents: string;
  /**
   * accepted: the bank answered 202 (or 200, a replay of a request it had accepted while its answer was
   * lost); refused: a 4xx, nothing recorded; unanswered: no definite answer before giving up.
   */
  answer: 'accepted' | 'refused' | 'unanswered' | 'pending';
  httpStatus?: number;
  endToEndId?: string;
  lastError?: string;
  attempts: number;
  /** Times the bank shed this send (429 BANK.BUSY) and it was sent again after the Retry-After. */
  shed: number;
}

export interface LoadOptions {
  transfers: number;
  concurrency: number;
  /** Upper bound on new transfers started per second. */
  ratePerSecond: number;
  maxAmountCents: number;
  requestTimeoutMs: number;
  /** How long one transfer is retried before it is given up as unanswered. */
  giveUpAfterMs: number;
  runId: string;
  random: () => number;
  /** Resolves when transfer `index` may start: the fault schedule holds the load back between faults. */
  gate(index: number): Promise<void>;
  /** Called as each transfer starts, with how many have started. */
  started(count: number): void;
}

/** How the banks have answered so far; `answered` counts the final answers (accepted, refused, unanswered). */
export interface LoadTally {
  answered: number;
  accepted: number;
  refused: number;
  unanswered: number;
  shed: number;
}

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

const BACKOFF_MS_MAX = 2_000;
/** When a 429 names no Retry-After. */
const SHED_WAIT_MS_DEFAULT = 1_000;

/** Planned up front from the seeded random source, so a seed names the same transfers every run. */
export function planTransfers(customers: Customer[], opts: LoadOptions): TransferRecord[] {
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
 * Sends the planned transfers through the debtor banks' HTTP APIs, `concurrency` at a time. A send
 * without a definite answer (connection refused, timeout, 5xx: the bank is down or frozen) is retried
 * with the same Idempotency-Key and a bounded backoff until the bank answers 2xx or 4xx. A send the
 * bank sheds (429 BANK.BUSY: it is not keeping up) is no error: it is counted, and the worker waits
 * the bank's Retry-After before sending it again (closed loop).
 */
export async function runLoad(
  plan: TransferRecord[],
  customers: Customer[],
  opts: LoadOptions,
): Promise<void> {
  const bankUrl = new Map(customers.map((c) => [c.ispb, c.bankUrl]));
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
      await send(plan[i], bankUrl.get(plan[i].debtorIspb) ?? '', opts);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
}

async function send(t: TransferRecord, url: string, opts: LoadOptions): Promise<void> {
  const body = {
    fromAccount: t.fromAccount,
    key: t.creditorKey,
    amount: t.amountCents,
    description: `chaos ${t.idempotencyKey}`,
  };
  const began = Date.now();
  for (;;) {
    t.attempts++;
    try {
      const answer = await bankRequest(
        url,
        'POST',
        '/transfers',
        body,
        { 'Idempotency-Key': t.idempotencyKey },
        opts.requestTimeoutMs,
      );
      t.httpStatus = answer.status;
      if (answer.status === 202 || answer.status === 200) {
        t.answer = 'accepted';
        t.endToEndId = answer.body?.endToEndId;
        return;
      }
      if (answer.status === 429) {
        t.shed++;
        if (Date.now() - began > opts.giveUpAfterMs) {
          t.lastError = 'HTTP 429 BANK.BUSY: still shed when the load gave up';
          t.answer = 'unanswered';
          return;
        }
        await sleep((answer.retryAfterSeconds ?? SHED_WAIT_MS_DEFAULT / 1000) * 1000);
        continue;
      }
      const code = answer.body?.error?.code ?? JSON.stringify(answer.body);
      t.lastError = `HTTP ${answer.status} ${code}`;
      if (answer.status >= 400 && answer.status < 500 && answer.status !== 408) {
        t.answer = 'refused';
        return;
      }
    } catch (error) {
      t.lastError = String((error as Error).cause ?? error);
    }
    if (Date.now() - began > opts.giveUpAfterMs) {
      t.answer = 'unanswered';
      return;
    }
    const backoff = Math.min(BACKOFF_MS_MAX, 100 * 2 ** Math.min(t.attempts, 5));
    await sleep(backoff * (0.5 + Math.random() / 2));
  }
}
