import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrate } from '../../lib/persistence/migrate';
import { BankSchema1764000000000 } from '../migrations/1764000000000-bank-schema';
import { InboxFingerprints1764700000000 } from '../migrations/1764700000000-inbox-fingerprints';
import { BrCodes1765100000000 } from '../migrations/1765100000000-br-codes';
import { Refunds1765300000000 } from '../migrations/1765300000000-refunds';
import { Fees1765400000000 } from '../migrations/1765400000000-fees';
import { Claims1765500000000 } from '../migrations/1765500000000-claims';
import { Customers1765600000000 } from '../migrations/1765600000000-customers';

/** Enough for the HTTP requests and the consumer's batches of one bank; many banks share one server. */
export const BANK_POOL_SIZE = 8;

/**
 * The bank's own database on the server `serverUrl` names: `codepix_bank_<ispb>`, or when the URL
 * names a database other than `postgres`, `<that name>_bank_<ispb>`, so parallel test runs never meet.
 */
export function bankDatabaseUrl(serverUrl: string, ispb: string): string {
  const url = new URL(serverUrl);
  const named = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const prefix = named && named !== 'postgres' ? named : 'codepix';
  url.pathname = `/${encodeURIComponent(`${prefix}_bank_${ispb}`)}`;
  return url.toString();
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the bank's database if missing; safe when several banks (or two starts of one) race. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return;
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`).catch((error: { code?: string }) => {
      // 42P04 duplicate_database, or 23505 when two CREATEs collide in the catalog: it exists now.
      if (error.code !== '42P04' && error.code !== '23505') throw error;
    });
  } finally {
    await admin.end();
  }
}

/** The bank's schema, in order. */
export const BANK_MIGRATIONS = [
  BankSchema1764000000000,
  InboxFingerprints1764700000000,
  BrCodes1765100000000,
  Refunds1765300000000,
  Fees1765400000000,
  Claims1765500000000,
  Customers1765600000000,
];

/** Connects to the bank's database and applies its migrations (never `synchronize`). */
export async function openBankDatabase(databaseUrl: string): Promise<DataSource> {
  await ensureDatabase(databaseUrl);
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: BANK_MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'each',
    extra: { max: BANK_POOL_SIZE, connectionTimeoutMillis: 5_000 },
  });
  await dataSource.initialize();
  try {
    await migrate(dataSource);
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
