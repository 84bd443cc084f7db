import type { DataSource } from 'typeorm';

const MIGRATION_LOCK = 7_363_870; // any constant shared by every hub instance

/**
 * Runs pending migrations; an advisory lock makes hub instances that start together take turns.
 * The lock holds one pooled connection while the migrations use another: the pool needs two.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}
