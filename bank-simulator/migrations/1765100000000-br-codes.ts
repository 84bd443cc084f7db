import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * BR Codes: the txid a transfer carries (the payer's bank records it on the outgoing transfer, the
 * payee's on the incoming one; null when a key was typed), and the charges of dynamic codes, each paid
 * at most once by the incoming transfer named in it. Additive only.
 */
export class BrCodes1765100000000 implements MigrationInterface {
  name = 'BrCodes1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE transfers ADD COLUMN txid varchar(35)');
    await q.query(`
      CREATE TABLE charges (
        txid varchar(35) PRIMARY KEY,
        account_number varchar(20) NOT NULL REFERENCES accounts(number),
        pix_key varchar(77) NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        payload text NOT NULL,
        status varchar(6) NOT NULL CHECK (status IN ('active', 'paid')),
        end_to_end_id char(32),
        created_at timestamptz NOT NULL,
        paid_at timestamptz,
        CONSTRAINT ck_charges_paid CHECK ((status = 'paid') = (end_to_end_id IS NOT NULL AND paid_at IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE charges');
    await q.query('ALTER TABLE transfers DROP COLUMN txid');
  }
}
