import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds: a refund is a row of `transactions` under a `D` id that names its original and its reason.
 * `settled_at`, when a transfer was confirmed and its money moved, is what a refund's 90 days count
 * from; rows already confirmed get it from their history. What has been refunded of a transfer is
 * summed over its refunds (the partial index finds them), never kept as a second copy.
 */
export class Refunds1765300000000 implements MigrationInterface {
  name = 'Refunds1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE transactions
        ADD COLUMN original_end_to_end_id char(32) REFERENCES transactions(id),
        ADD COLUMN refund_reason varchar(4) CHECK (refund_reason IN ('MD06', 'BE08', 'FR01', 'SL02')),
        ADD COLUMN settled_at timestamptz,
        ADD CONSTRAINT ck_transactions_refund CHECK ((original_end_to_end_id IS NULL) = (refund_reason IS NULL))`);
    await q.query(`
      UPDATE transactions t SET settled_at = h.at
      FROM transaction_transitions h
      WHERE h.end_to_end_id = t.id AND h.to_status = 'confirmed' AND t.status IN ('confirmed', 'completed')`);
    await q.query(`
      CREATE INDEX ix_transactions_refunds ON transactions (original_end_to_end_id)
      WHERE original_end_to_end_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE transactions DROP COLUMN original_end_to_end_id, DROP COLUMN refund_reason,
        DROP COLUMN settled_at`);
  }
}
