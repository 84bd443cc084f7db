import { Client } from 'pg';
import { closedLoop } from './load';

/** What the database server does at most with the smallest write there is: one row, one commit. */
export interface PostgresReference {
  connections: number;
  seconds: number;
  commits: number;
  commitsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Single-row INSERTs in autocommit, `connections` clients each with one always in flight, for
 * `seconds`, on a scratch table in a scratch database of the server `serverUrl` names; the database is
 * dropped after. The table is a logged one, so every commit waits for its WAL flush as the hub's do.
 */
export async function measurePostgresCommits(
  serverUrl: string,
  seconds: number,
  connections = 16,
): Promise<PostgresReference> {
  const name = `bench_reference_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const clients = Array.from(
      { length: connections },
      () => new Client({ connectionString: url.toString() }),
    );
    try {
      await Promise.all(clients.map((c) => c.connect()));
      await clients[0].query('CREATE TABLE t (v bigint)');
      // As many requests in flight as clients, so each takes a client no other request holds.
      const free = [...clients];
      const result = await closedLoop({
        concurrency: connections,
        durationMs: seconds * 1000,
        request: async (i) => {
          const client = free.pop() as Client;
          try {
            await client.query('INSERT INTO t VALUES ($1)', [i]);
          } finally {
            free.push(client);
          }
        },
      });
      if (result.errors > 0) throw new Error(`${result.errors} INSERTs failed`);
      return {
        connections,
        seconds: result.seconds,
        commits: result.completed,
        commitsPerSecond: result.perSecond,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
      };
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
