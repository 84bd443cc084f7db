import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEAD_LETTERS_TABLE_SQL, INBOX_FINGERPRINT_SQL } from '../lib/messaging/schema';

/**
 * Nothing left silently half-done: transfers raised for reconciliation, the reminders of confirmed
 * transfers their debtor bank has not acknowledged, the fingerprints of consumed messages (so a reused
 * message id is caught) and the consumer's dead letters by where they were read. Additive only.
 */
export class Reconciliation1764700000000 implements MigrationInterface {
  name = 'Reconciliation1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per transfer raised: its first reason, who raised it and why. The flag `ListTransfers`
    // filters on and the record people start from.
    await q.query(`
      CREATE TABLE reconciliations (
        end_to_end_id char(32) PRIMARY KEY REFERENCES transactions(id),
        reason varchar(40) NOT NULL CHECK (reason IN ('UNKNOWN_TRANSFER', 'ACK_OVERDUE')),
        raised_by varchar(20) NOT NULL,
        detail varchar(300) NOT NULL,
        raised_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE confirmation_reminders (
        end_to_end_id char(32) PRIMARY KEY REFERENCES transactions(id),
        sent integer NOT NULL CHECK (sent > 0),
        next_at timestamptz NOT NULL
      )`);
    // The ack sweeper's scan: confirmed transfers are few (acks take milliseconds) and oldest first.
    await q.query(
      `CREATE INDEX ix_transactions_confirmed ON transactions (updated_at) WHERE status = 'confirmed'`,
    );
    await q.query(INBOX_FINGERPRINT_SQL);
    await q.query(DEAD_LETTERS_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dead_letters');
    await q.query('ALTER TABLE inbox DROP COLUMN payload_hash');
    await q.query('DROP INDEX ix_transactions_confirmed');
    await q.query('DROP TABLE confirmation_reminders');
    await q.query('DROP TABLE reconciliations');
  }
}
