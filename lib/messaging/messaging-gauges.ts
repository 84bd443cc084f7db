import type { DataSource } from 'typeorm';
import type { ScrapeReads } from '../observability/scrape-reads';

/**
 * One statement over the outbox and the dead letters, the same tables in the hub's schema and every
 * bank's. The outbox holds only what is not yet published (the publisher deletes what it sends), so its
 * rows are the backlog and its first row, by id, the oldest. A dead letter's cause is its reason's code
 * (`BAD_SIGNATURE: ...`); its topic, where it was read (`topic/partition/offset`).
 */
const MESSAGING_SQL = `
  SELECT 'outbox' AS row, NULL AS topic, NULL AS cause,
    (SELECT count(*) FROM outbox)::float8 AS value
  UNION ALL
  SELECT 'outbox_age', NULL, NULL,
    coalesce(extract(epoch FROM now() - (SELECT created_at FROM outbox ORDER BY id LIMIT 1)), 0)::float8
  UNION ALL
  SELECT 'dead', split_part(source, '/', 1), coalesce(substring(reason FROM '^[A-Z_]+'), 'OTHER'),
    count(*)::float8
  FROM dead_letters GROUP BY 2, 3`;

interface Row {
  row: 'outbox' | 'outbox_age' | 'dead';
  topic: string | null;
  cause: string | null;
  value: number;
}

const only = (rows: readonly Row[], kind: Row['row']) =>
  rows.filter((r) => r.row === kind).map((r) => ({ value: r.value }));

/**
 * What an operator watches of a process's messaging, read from its database when scraped: the outbox
 * backlog (messages committed but not yet acknowledged by the broker) and its age, and the dead letters
 * recorded, by topic and cause. Dead letters are never deleted, so the gauge only grows: its increase
 * is what needs a look.
 */
export function addMessagingGauges(reads: ScrapeReads, dataSource: DataSource): void {
  reads.add('messaging', () => dataSource.query(MESSAGING_SQL) as Promise<Row[]>, [
    {
      name: 'codepix_outbox_backlog_messages',
      help: 'Messages committed to the outbox and not yet published to Kafka',
      samples: (rows) => only(rows, 'outbox'),
    },
    {
      name: 'codepix_outbox_oldest_age_seconds',
      help: 'How long the oldest message of the outbox has waited to be published (0: the outbox is empty)',
      samples: (rows) => only(rows, 'outbox_age'),
    },
    {
      name: 'codepix_dead_letters',
      help: "Dead letters recorded in this process's database, by the topic they were read from and cause",
      labelNames: ['topic', 'cause'],
      samples: (rows) =>
        rows
          .filter((r) => r.row === 'dead')
          .map((r) => ({ labels: { topic: r.topic ?? '', cause: r.cause ?? 'OTHER' }, value: r.value })),
    },
  ]);
}
