import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory's token buckets, shared by every hub instance, and each bank's lookup category.
 * A bucket without a row is full; a row is written when an instance leases tokens from it.
 */
export class LookupBuckets1764600000000 implements MigrationInterface {
  name = 'LookupBuckets1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE banks ADD COLUMN lookup_category char(1) CHECK (lookup_category ~ '^[A-Z]$')`);
    // `tokens` as of `refilled_at`; capacity and refill are the limits the last lease applied, so a
    // refund (which knows no category) still caps at the bucket's size.
    await q.query(`
      CREATE TABLE lookup_buckets (
        bucket varchar(40) PRIMARY KEY,
        tokens double precision NOT NULL,
        capacity integer NOT NULL CHECK (capacity > 0),
        refill_per_minute double precision NOT NULL CHECK (refill_per_minute > 0),
        refilled_at timestamptz NOT NULL,
        CONSTRAINT ck_lookup_bucket_level CHECK (tokens >= 0 AND tokens <= capacity)
      )`);
    // The one refill rule in SQL (src/domain/token-bucket.ts is its twin): continuous, capped, and a
    // clock that steps back adds nothing.
    await q.query(`
      CREATE FUNCTION lookup_refilled(tokens double precision, refilled_at timestamptz, capacity integer,
                                      refill_per_minute double precision, at timestamptz)
      RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
        SELECT least(capacity::double precision,
                     tokens + greatest(0, extract(epoch FROM at - refilled_at)::double precision)
                              * refill_per_minute / 60)
      $$`);
    // A lease: refill the bucket to now and take min(want, what it holds), but nothing unless it holds
    // at least need. One call, one locked row: instances leasing at once take turns, never the same tokens.
    await q.query(`
      CREATE FUNCTION lookup_lease(p_bucket varchar, p_capacity integer, p_refill double precision,
                                   p_need integer, p_want integer,
                                   OUT granted integer, OUT available double precision)
      LANGUAGE plpgsql AS $$
      DECLARE
        at timestamptz := clock_timestamp();
      BEGIN
        SELECT lookup_refilled(b.tokens, b.refilled_at, p_capacity, p_refill, at) INTO available
          FROM lookup_buckets b WHERE b.bucket = p_bucket FOR UPDATE;
        IF NOT FOUND THEN
          INSERT INTO lookup_buckets VALUES (p_bucket, p_capacity, p_capacity, p_refill, at)
            ON CONFLICT (bucket) DO NOTHING;
          SELECT lookup_refilled(b.tokens, b.refilled_at, p_capacity, p_refill, at) INTO available
            FROM lookup_buckets b WHERE b.bucket = p_bucket FOR UPDATE;
        END IF;
        granted := CASE WHEN available >= p_need THEN least(p_want, floor(available)::integer) ELSE 0 END;
        UPDATE lookup_buckets b
          SET tokens = available - granted, capacity = p_capacity, refill_per_minute = p_refill,
              refilled_at = greatest(b.refilled_at, at)
          WHERE b.bucket = p_bucket;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION lookup_lease(varchar, integer, double precision, integer, integer)');
    await q.query(
      'DROP FUNCTION lookup_refilled(double precision, timestamptz, integer, double precision, timestamptz)',
    );
    await q.query('DROP TABLE lookup_buckets');
    await q.query('ALTER TABLE banks DROP COLUMN lookup_category');
  }
}
