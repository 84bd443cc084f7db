import type { Admin } from 'kafkajs';
import { Client } from 'pg';
import { topicNames } from '../lib/messaging/topics';
import { sleep } from '../src/infrastructure/local/processes';
import { drained } from '../stack/invariants';
import type { ChaosStack } from './stack';

/** The consumer groups of the system and the topic each reads, with the database holding its inbox. */
export function consumers(stack: ChaosStack): { group: string; topic: string; databaseUrl: string }[] {
  const topics = topicNames(stack.topicPrefix);
  return [
    {
      group: `${topics.prefix}-hub-transactions`,
      topic: topics.transfers,
      databaseUrl: stack.hubDatabaseUrl,
    },
    {
      group: `${topics.prefix}-hub-confirmations`,
      topic: topics.confirmations,
      databaseUrl: stack.hubDatabaseUrl,
    },
    ...stack.banks.map((b) => ({
      group: topics.bankGroup(b.ispb),
      topic: topics.bank(b.ispb),
      databaseUrl: b.databaseUrl,
    })),
  ];
}

async function count(url: string, sql: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query(sql)).rows[0].count);
  } finally {
    await client.end();
  }
}

/** What is still in flight: open transfers, unpublished outbox rows, unconsumed messages. */
async function inFlight(stack: ChaosStack, admin: Admin): Promise<string[]> {
  const open: string[] = [];
  const dbs = stack.banks.map((b) => ({ ispb: b.ispb, databaseUrl: b.databaseUrl }));
  if (!(await drained(stack.hubDatabaseUrl, dbs)))
    open.push('transfers still pending or confirmed, or a claim step not heard of by a bank');
  for (const [name, url] of [['hub', stack.hubDatabaseUrl], ...dbs.map((d) => [d.ispb, d.databaseUrl])]) {
    const rows = await count(url, 'SELECT count(*) FROM outbox');
    if (rows > 0) open.push(`${rows} outbox rows at ${name}`);
  }
  for (const { group, topic } of consumers(stack)) {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    for (const end of ends) {
      const at = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
      const lag = Number(end.high) - Math.max(0, at);
      if (lag > 0) open.push(`${group} is ${lag} behind on ${topic}/${end.partition}`);
    }
  }
  return open;
}

export interface Settled {
  settled: boolean;
  /** When it settled (or gave up), ms since epoch. */
  at: number;
  /** What was still in flight when it gave up. */
  open: string[];
}

/**
 * Waits until the system has drained: no transfer open at the hub or a bank, every outbox published and
 * every consumer group at the end of its topic. Transient errors (a part still recovering) are retried.
 */
export async function waitUntilSettled(stack: ChaosStack, timeoutMs: number): Promise<Settled> {
  const deadline = Date.now() + timeoutMs;
  const admin = stack.kafkaClient('codepix-chaos-settle').admin();
  let open: string[] = ['not checked yet'];
  try {
    await admin.connect();
    while (Date.now() < deadline) {
      try {
        open = await inFlight(stack, admin);
        if (open.length === 0) return { settled: true, at: Date.now(), open };
      } catch (error) {
        open = [`could not check: ${(error as Error).message}`];
      }
      await sleep(250);
    }
    return { settled: false, at: Date.now(), open };
  } finally {
    await admin.disconnect();
  }
}
