import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every signed message the hub applied to a transfer, kept whole: the signer's certificate serial, the
 * signature, the fields it covers and the payload bytes, so who asked for what can be proven later by
 * verifying the signature again (the serial names the certificate in `certificates`).
 */
export class SignedMessages1764800000000 implements MigrationInterface {
  name = 'SignedMessages1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signed_messages (
        message_id varchar(64) PRIMARY KEY,
        end_to_end_id char(32) NOT NULL,
        signer_serial varchar(40) NOT NULL,
        signature varchar(100) NOT NULL,
        signed_fields jsonb NOT NULL,
        payload bytea NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX ix_signed_messages_transfer ON signed_messages (end_to_end_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE signed_messages');
  }
}
