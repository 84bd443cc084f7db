import { type BankClient, BankError } from './bank-client';
import type { BankTransfer } from './bank-types';

/**
 * Times a send refused 429 (the bank is busy: BANK.BUSY) is sent again: a bank still busy after a few
 * of its own Retry-After waits will not be free soon, and a person should hear so.
 */
export const BUSY_RETRIES_MAX = 5;
/** Waiting over all retries: a command line that waits longer looks hung. */
export const BUSY_WAIT_MS_MAX = 30_000;
/** When a 429 names no Retry-After. */
const BUSY_WAIT_MS_DEFAULT = 1_000;

export interface BusyRetryOptions {
  /** Where "the bank is busy" is said (stderr, so --json output stays clean). */
  say?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const sayOnStderr = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Sends a Pix; while the bank answers 429 it waits the bank's Retry-After and sends the same request
 * with the same Idempotency-Key again (so it is sent at most once), up to BUSY_RETRIES_MAX times and
 * BUSY_WAIT_MS_MAX of waiting. After that it fails, saying the bank is still busy.
 */
export async function sendTransferWhenFree(
  bank: BankClient,
  request: Parameters<BankClient['sendTransfer']>[0],
  idempotencyKey: string,
  { say = sayOnStderr, sleep = sleepFor }: BusyRetryOptions = {},
): Promise<BankTransfer> {
  let waitedMs = 0;
  for (let retries = 0; ; retries++) {
    try {
      return await bank.sendTransfer(request, idempotencyKey);
    } catch (error) {
      if (!(error instanceof BankError) || error.httpStatus !== 429) throw error;
      const waitMs =
        error.retryAfterSeconds === undefined ? BUSY_WAIT_MS_DEFAULT : error.retryAfterSeconds * 1000;
      if (retries >= BUSY_RETRIES_MAX || waitedMs + waitMs > BUSY_WAIT_MS_MAX) {
        throw new BankError(
          `${error.code}: the bank at ${bank.url} is still busy after ${retries + 1} tries over ` +
            `${waitedMs / 1000} s (${error.detail}); nothing was sent. Try again later: the same ` +
            `--idempotency-key ${idempotencyKey} sends it at most once`,
          error.code,
          error.httpStatus,
          error.detail,
          undefined,
          error.retryAfterSeconds,
        );
      }
      say(
        `the bank is busy (${error.code}); trying again in ${waitMs / 1000} s ` +
          `(retry ${retries + 1} of at most ${BUSY_RETRIES_MAX})`,
      );
      await sleep(waitMs);
      waitedMs += waitMs;
    }
  }
}
