import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error('DATABASE_URL is not set: run the tests through jest (its global setup starts Postgres)');
  return url;
}

/** Runs `fn` on an admin connection to the test server. */
async function asAdmin(fn: (admin: Client) => Promise<unknown>): Promise<void> {
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await fn(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh, empty database on the test server, so each test file starts from nothing. */
export async function createTestDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await asAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops databases made by createTestDatabase, ending any connection still open on them. */
export async function dropTestDatabases(urls: string[]): Promise<void> {
  await asAdmin(async (admin) => {
    for (const url of urls) {
      const name = new URL(url).pathname.slice(1);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
}
