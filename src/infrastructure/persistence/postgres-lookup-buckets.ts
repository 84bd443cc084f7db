import type { DataSource, EntityManager } from 'typeorm';
import type { BucketId } from '../../application/ports/lookup-allowance';
import type { BucketLimits } from '../../domain';

/** Tokens going back into a shared bucket: unspent leases, or a completed transfer's refund. */
export interface ReturnedTokens {
  bucket: BucketId;
  tokens: number;
}

/** The shared buckets as the leasing allowance needs them (a seam for its unit spec). */
export interface SharedBuckets {
  /**
   * Refills the bucket to now and takes min(`want`, what it holds) from it, or nothing when it holds
   * less than `need`; `available` is what it held before the grant.
   */
  lease(
    bucket: BucketId,
    limits: BucketLimits,
    need: number,
    want: number,
  ): Promise<{ granted: number; available: number }>;
  giveBack(entries: readonly ReturnedTokens[]): Promise<void>;
  /** What the bucket holds now; undefined when it has no row (it is full). */
  read(bucket: BucketId, limits: BucketLimits): Promise<number | undefined>;
  /** Deletes the rows of buckets that are full by now (no row says the same), at most `limit`. */
  forgetFull(limit: number): Promise<number>;
}

/**
 * Adds tokens back to their buckets, refilled to now and capped at capacity, in one UPDATE; a bucket
 * with no row is full and gains nothing. The rows are locked in key order first, so units of work
 * returning tokens to several banks at once never deadlock. Runs inside the caller's transaction.
 */
export async function returnLookupTokens(
  manager: EntityManager,
  entries: readonly ReturnedTokens[],
): Promise<void> {
  const sums = new Map<string, number>();
  for (const e of entries) sums.set(e.bucket, (sums.get(e.bucket) ?? 0) + e.tokens);
  if (sums.size === 0) return;
  const buckets = [...sums.keys()].sort();
  await manager.query('SELECT 1 FROM lookup_buckets WHERE bucket = ANY($1) ORDER BY bucket FOR UPDATE', [
    buckets,
  ]);
  await manager.query(
    `UPDATE lookup_buckets b
     SET tokens = least(b.capacity::double precision,
                        lookup_refilled(b.tokens, b.refilled_at, b.capacity, b.refill_per_minute, clock_timestamp())
                        + v.tokens),
         refilled_at = greatest(b.refilled_at, clock_timestamp())
     FROM unnest($1::varchar[], $2::double precision[]) AS v(bucket, tokens)
     WHERE b.bucket = v.bucket`,
    [buckets, buckets.map((b) => sums.get(b))],
  );
}

/** The shared buckets in Postgres: table lookup_buckets and its functions (migration 1764600000000). */
export class PostgresLookupBuckets implements SharedBuckets {
  constructor(private readonly dataSource: DataSource) {}

  async lease(bucket: BucketId, limits: BucketLimits, need: number, want: number) {
    const [row]: { granted: number; available: number }[] = await this.dataSource.query(
      'SELECT granted, available FROM lookup_lease($1, $2, $3, $4, $5)',
      [bucket, limits.capacity, limits.refillPerMinute, need, want],
    );
    return { granted: row.granted, available: row.available };
  }

  async giveBack(entries: readonly ReturnedTokens[]): Promise<void> {
    if (entries.length === 0) return;
    await this.dataSource.transaction((manager) => returnLookupTokens(manager, entries));
  }

  async read(bucket: BucketId, limits: BucketLimits): Promise<number | undefined> {
    const [row]: { tokens: number }[] = await this.dataSource.query(
      `SELECT lookup_refilled(tokens, refilled_at, $2, $3, clock_timestamp()) AS tokens
       FROM lookup_buckets WHERE bucket = $1`,
      [bucket, limits.capacity, limits.refillPerMinute],
    );
    return row?.tokens;
  }

  async forgetFull(limit: number): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM lookup_buckets WHERE bucket IN (
         SELECT bucket FROM lookup_buckets
         WHERE lookup_refilled(tokens, refilled_at, capacity, refill_per_minute, clock_timestamp()) >= capacity
         LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [limit],
    );
    return deleted;
  }
}
