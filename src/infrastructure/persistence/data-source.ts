import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { KeyDirectory1763700000000 } from '../../../migrations/1763700000000-key-directory';
import { Transfers1763800000000 } from '../../../migrations/1763800000000-transfers';
import { AccountOrmEntity } from './entities/account.orm-entity';
import { BankOrmEntity } from './entities/bank.orm-entity';
import { PixKeyOrmEntity } from './entities/pix-key.orm-entity';

export const MIGRATIONS = [KeyDirectory1763700000000, Transfers1763800000000];

/** Schema changes only through migrations; `synchronize` stays off. */
export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [BankOrmEntity, AccountOrmEntity, PixKeyOrmEntity],
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'each',
    extra: { max: poolSize },
  });
}
