import type { Logger } from '../observability/logger';
import { isTransientDatabaseError } from './pg-errors';

/**
 * Runs `connect`, waiting out a database that is not up yet (a restart, a stack starting in any order)
 * with backoff for up to `patienceMs`; a failure that is not the database's own fails at once.
 */
export async function whenDatabaseUp<T>(
  connect: () => Promise<T>,
  logger: Logger,
  patienceMs = 60_000,
): Promise<T> {
  const until = Date.now() + patienceMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (error) {
      if (!isTransientDatabaseError(error) || Date.now() > until) throw error;
      logger.warn('database not reachable yet; retrying', { attempt, error: String(error) });
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 200 * 2 ** attempt)));
    }
  }
}
