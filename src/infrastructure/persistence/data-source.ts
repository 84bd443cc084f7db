import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { KeyDirectory1763700000000 } from '../../../migrations/1763700000000-key-directory';
import { Transfers1763800000000 } from '../../../migrations/1763800000000-transfers';
import { Certificates1764400000000 } from '../../../migrations/1764400000000-certificates';
import { LookupBuckets1764600000000 } from '../../../migrations/1764600000000-lookup-buckets';
import { Reconciliation1764700000000 } from '../../../migrations/1764700000000-reconciliation';
import { SignedMessages1764800000000 } from '../../../migrations/1764800000000-signed-messages';
import type { Logger } from '../logger';
import { AccountOrmEntity } from './entities/account.orm-entity';
import { BankOrmEntity } from './entities/bank.orm-entity';
import { PixKeyOrmEntity } from './entities/pix-key.orm-entity';
import { isTransientDatabaseError } from './pg-errors';

export const MIGRATIONS = [
  KeyDirectory1763700000000,
  Transfers1763800000000,
  Certificates1764400000000,
  LookupBuckets1764600000000,
  Reconciliation1764700000000,
  SignedMessages1764800000000,
];

/** Schema changes only through migrations; `synchronize` stays off. */
export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [BankOrmEntity, AccountOrmEntity, PixKeyOrmEntity],
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'each',
    // A server that is down refuses at once; one that is unreachable must not hang a caller forever.
    extra: { max: poolSize, connectionTimeoutMillis: 5_000 },
  });
}

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
