import type { DataSource } from 'typeorm';

/** How long GET /health waits for `SELECT 1` before it calls the database unavailable. */
export const DATABASE_CHECK_TIMEOUT_MS = 1_000;

/** The database did not answer `SELECT 1` (in time): the bank cannot serve anything. */
export class DatabaseUnavailableError extends Error {}

/**
 * A cheap liveness probe of the bank's own database, through the pool the bank uses: resolves when
 * `SELECT 1` answers within `timeoutMs`, rejects with DatabaseUnavailableError otherwise. A probe that
 * times out is left to finish (or fail) on its own; it holds at most one pooled connection meanwhile.
 */
export function databaseCheck(
  dataSource: DataSource,
  timeoutMs = DATABASE_CHECK_TIMEOUT_MS,
): () => Promise<void> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DatabaseUnavailableError(`the database did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const probe = dataSource.query('SELECT 1').then(
      () => undefined,
      (error: unknown) => {
        throw new DatabaseUnavailableError(
          `the database did not answer: ${(error as Error)?.message ?? error}`,
        );
      },
    );
    try {
      await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
      probe.catch(() => undefined); // a probe that lost the race may still fail later: nobody waits for it
    }
  };
}
