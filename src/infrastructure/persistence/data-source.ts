import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { KeyDirectory1763700000000 } from '../../../migrations/1763700000000-key-directory';
import { Transfers1763800000000 } from '../../../migrations/1763800000000-transfers';
import { Certificates1764400000000 } from '../../../migrations/1764400000000-certificates';
import { LookupBuckets1764600000000 } from '../../../migrations/1764600000000-lookup-buckets';
import { Reconciliation1764700000000 } from '../../../migrations/1764700000000-reconciliation';
import { SignedMessages1764800000000 } from '../../../migrations/1764800000000-signed-messages';
import { TransferTxid1765100000000 } from '../../../migrations/1765100000000-transfer-txid';
import { Refunds1765300000000 } from '../../../migrations/1765300000000-refunds';
import { Tariffs1765400000000 } from '../../../migrations/1765400000000-tariffs';
import { KeyClaims1765500000000 } from '../../../migrations/1765500000000-key-claims';
import { AccountOrmEntity } from './entities/account.orm-entity';
import { BankOrmEntity } from './entities/bank.orm-entity';
import { PixKeyOrmEntity } from './entities/pix-key.orm-entity';

export const MIGRATIONS = [
  KeyDirectory1763700000000,
  Transfers1763800000000,
  Certificates1764400000000,
  LookupBuckets1764600000000,
  Reconciliation1764700000000,
  SignedMessages1764800000000,
  TransferTxid1765100000000,
  Refunds1765300000000,
  Tariffs1765400000000,
  KeyClaims1765500000000,
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
