import { sleep } from '../src/infrastructure/local/processes';
import { type BankDoor, bankRequest } from '../stack/bank-http';

/** One request the load sent a bank with an Idempotency-Key, and how the bank answered it. */
export interface Sent {
  idempotencyKey: string;
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

/** How long a request may take and how long it is retried; the transfers and the refunds share them. */
export interface SendOptions {
  requestTimeoutMs: number;
  /** How long one request is retried before it is given up as unanswered. */
  giveUpAfterMs: number;
}

const BACKOFF_MS_MAX = 2_000;
/** When a 429 names no Retry-After. */
const SHED_WAIT_MS_DEFAULT = 1_000;

/**
 * POSTs `body` to a bank until it gives a definite answer, and records it in `sent`. A send without one
 * (connection refused, timeout, 5xx: the bank is down or frozen) is retried with the same
 * Idempotency-Key and a bounded backoff until the bank answers 2xx or 4xx. A send the bank sheds (429
 * BANK.BUSY: it is not keeping up) is no error: it is counted, and sent again after the bank's
 * Retry-After (closed loop).
 */
export async function sendUntilAnswered(
  sent: Sent,
  bank: BankDoor,
  path: string,
  body: unknown,
  opts: SendOptions,
): Promise<void> {
  const began = Date.now();
  for (;;) {
    sent.attempts++;
    try {
      const answer = await bankRequest(
        bank,
        'POST',
        path,
        body,
        { 'Idempotency-Key': sent.idempotencyKey },
        opts.requestTimeoutMs,
      );
      sent.httpStatus = answer.status;
      if (answer.status === 202 || answer.status === 200) {
        sent.answer = 'accepted';
        sent.endToEndId = answer.body?.endToEndId;
        return;
      }
      if (answer.status === 429) {
        sent.shed++;
        if (Date.now() - began > opts.giveUpAfterMs) {
          sent.lastError = 'HTTP 429 BANK.BUSY: still shed when the load gave up';
          sent.answer = 'unanswered';
          return;
        }
        await sleep((answer.retryAfterSeconds ?? SHED_WAIT_MS_DEFAULT / 1000) * 1000);
        continue;
      }
      const code = answer.body?.error?.code ?? JSON.stringify(answer.body);
      sent.lastError = `HTTP ${answer.status} ${code}`;
      if (answer.status >= 400 && answer.status < 500 && answer.status !== 408) {
        sent.answer = 'refused';
        return;
      }
    } catch (error) {
      sent.lastError = String((error as Error).cause ?? error);
    }
    if (Date.now() - began > opts.giveUpAfterMs) {
      sent.answer = 'unanswered';
      return;
    }
    const backoff = Math.min(BACKOFF_MS_MAX, 100 * 2 ** Math.min(sent.attempts, 5));
    await sleep(backoff * (0.5 + Math.random() / 2));
  }
}

const POLL_MS = 300;

/** Where a transfer's status can be asked: a bank's side of it, or the hub; undefined while it cannot say. */
export type StatusSource = () => Promise<string | undefined>;

/**
 * The status a transfer ends in (`completed` or `rejected`), asked of `source` again and again until it
 * names one: through the faults, while the part asked is down, and before it has heard of the transfer
 * at all. Undefined if it names none within `giveUpAfterMs`.
 */
export async function finalStatus(source: StatusSource, opts: SendOptions): Promise<string | undefined> {
  for (const began = Date.now(); Date.now() - began <= opts.giveUpAfterMs; await sleep(POLL_MS)) {
    try {
      const status = await source();
      if (status === 'completed' || status === 'rejected') return status;
    } catch {
      // down, frozen or restarting: asked again
    }
  }
  return undefined;
}

/** A bank's side of a transfer as a status source; a 404 (the creditor has not heard of it yet) says nothing. */
export function bankSide(
  bank: BankDoor,
  endToEndId: string,
  direction: 'outgoing' | 'incoming',
  opts: SendOptions,
): StatusSource {
  const path = `/transfers/${endToEndId}?direction=${direction}`;
  return async () => {
    const answer = await bankRequest(bank, 'GET', path, undefined, {}, opts.requestTimeoutMs);
    return answer.status === 200 ? answer.body?.status : undefined;
  };
}
