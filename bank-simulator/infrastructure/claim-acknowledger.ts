import type { Logger } from '../../lib/observability/logger';
import type { AcknowledgeClaims, AcknowledgeReport } from '../application/acknowledge-claims';
import type { DonorClaims } from '../application/apply-bank-messages';

/** How often the stored claims still open with this bank as donor are acknowledged again. */
export const CLAIM_ACKNOWLEDGE_RETRY_MS = 2_000;

export interface ClaimAcknowledger extends DonorClaims {
  /** No new call starts; resolves once the calls under way have ended. */
  stop(): Promise<void>;
}

/**
 * Acknowledges the claims the bank is donor of: those a batch of notices has just left open, at once
 * (outside the consumer's transaction, never holding it up), and every `intervalMs` those stored still
 * open, so a call that failed (the hub down, the bank stopped before it was made) is made again.
 * One retry runs at a time; a failure is logged and left to the next.
 */
export function startClaimAcknowledger(opts: {
  acknowledge: AcknowledgeClaims;
  logger: Logger;
  intervalMs?: number;
}): ClaimAcknowledger {
  const { acknowledge, logger } = opts;
  const running = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const track = (work: () => Promise<AcknowledgeReport>) => {
    const done = work()
      .then(({ failed }) => {
        for (const { claimId, error } of failed) {
          logger.warn('claim not acknowledged at the hub; retried shortly', { claimId, error });
        }
      })
      .catch((error) => logger.warn('claims to acknowledge not read', { error: String(error) }))
      .finally(() => running.delete(done));
    running.add(done);
    return done;
  };
  const retry = async () => {
    await track(() => acknowledge.retryStored());
    if (!stopped) timer = setTimeout(retry, opts.intervalMs ?? CLAIM_ACKNOWLEDGE_RETRY_MS);
  };
  timer = setTimeout(retry, opts.intervalMs ?? CLAIM_ACKNOWLEDGE_RETRY_MS);

  return {
    opened: (claimIds) => {
      if (!stopped) track(() => acknowledge.execute(claimIds));
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await Promise.all([...running]);
    },
  };
}
