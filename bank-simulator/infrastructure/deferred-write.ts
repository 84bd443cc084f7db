import type { EntityManager } from 'typeorm';

/**
 * How a repository sends a write whose result it does not read: at once, or gathered with the unit of
 * work's other writes and sent with them in one statement when the work is done.
 */
export type DeferredWrite = (sql: string, params: unknown[]) => Promise<void>;

export const immediate =
  (db: EntityManager): DeferredWrite =>
  async (sql, params) => {
    await db.query(sql, params);
  };
