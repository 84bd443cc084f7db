import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A refund, sent or received, names its original transfer and its reason. Additive. */
export class Refunds1765300000000 implements MigrationInterface {
  name = 'Refunds1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE transfers
        ADD COLUMN refund_of char(32),
        ADD COLUMN refund_reason varchar(4),
        ADD CONSTRAINT ck_transfers_refund CHECK ((refund_of IS NULL) = (refund_reason IS NULL))`);
    await q.query('CREATE INDEX ix_transfers_refund_of ON transfers (refund_of) WHERE refund_of IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE transfers DROP COLUMN refund_of, DROP COLUMN refund_reason');
  }
}
