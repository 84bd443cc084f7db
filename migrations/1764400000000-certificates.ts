import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every certificate the hub has issued or seen: what revocation marks, and what a message signature's
 * `codepix-signer` serial is checked against.
 */
export class Certificates1764400000000 implements MigrationInterface {
  name = 'Certificates1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE certificates (
        serial varchar(40) PRIMARY KEY,
        role varchar(8) NOT NULL CHECK (role IN ('bank', 'hub', 'operator', 'broker')),
        name varchar(16) NOT NULL,
        certificate text NOT NULL,
        not_after timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revocation_reason varchar(200)
      )`);
    await q.query('CREATE INDEX ix_certificates_holder ON certificates (role, name)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE certificates');
  }
}
