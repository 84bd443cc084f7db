import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabases } from '../../stack/stack-data';

function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error('DATABASE_URL is not set: run the tests through jest (its global setup starts Postgres)');
  return url;
}

/** A fresh, empty database on the test server, so each test file starts from nothing. */
export const createTestDatabase = (prefix: string): Promise<string> =>
  createDatabase(serverUrl(), `${prefix}_${randomBytes(4).toString('hex')}`);

/** Drops databases made by createTestDatabase, ending any connection still open on them. */
export const dropTestDatabases = (urls: string[]): Promise<void> => dropDatabases(serverUrl(), urls);
