import type { Kafka } from 'kafkajs';
import { Client } from 'pg';

/**
 * The databases and topics a stack makes for itself. On a Postgres or a broker it started, they go
 * with its home; on given ones (DATABASE_URL, KAFKA_BROKERS, a test run's) they are removed by name.
 */

async function asAdmin<T>(serverUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh, empty database `name` on the server of `serverUrl`; its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await asAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the databases of `urls` (if there), ending any connection still open on them. */
export async function dropDatabases(serverUrl: string, urls: string[]): Promise<void> {
  await asAdmin(serverUrl, async (admin) => {
    for (const url of urls) {
      const name = decodeURIComponent(new URL(url).pathname.slice(1));
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    }
  });
}

/** Deletes the topics named `<prefix>.…`; `kafka` must be allowed to (the hub is, with security on). */
export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (ours.length) await admin.deleteTopics({ topics: ours });
  } finally {
    await admin.disconnect();
  }
}
