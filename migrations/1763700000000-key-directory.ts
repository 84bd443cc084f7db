import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Banks, the accounts keys point to, and the key directory. */
export class KeyDirectory1763700000000 implements MigrationInterface {
  name = 'KeyDirectory1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE banks (
        ispb char(8) PRIMARY KEY,
        name varchar(100) NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        ispb char(8) NOT NULL REFERENCES banks(ispb),
        branch varchar(4) NOT NULL,
        number varchar(20) NOT NULL,
        type varchar(4) NOT NULL CHECK (type IN ('CACC', 'SVGS', 'SLRY', 'TRAN')),
        owner_name varchar(140) NOT NULL,
        owner_tax_id varchar(14) NOT NULL,
        CONSTRAINT uq_accounts_identity UNIQUE (ispb, branch, number)
      )`);
    await q.query(`
      CREATE TABLE pix_keys (
        id uuid PRIMARY KEY,
        kind varchar(5) NOT NULL CHECK (kind IN ('cpf', 'cnpj', 'email', 'phone', 'evp')),
        key varchar(77) NOT NULL,
        account_id uuid NOT NULL REFERENCES accounts(id),
        status varchar(7) NOT NULL CHECK (status IN ('active', 'deleted')),
        created_at timestamptz NOT NULL,
        deleted_at timestamptz
      )`);
    // A key is unique among active keys hub-wide; deleted ones may be registered again.
    await q.query(`CREATE UNIQUE INDEX uq_pix_keys_active_key ON pix_keys (key) WHERE status = 'active'`);
    await q.query(`CREATE INDEX ix_pix_keys_account_active ON pix_keys (account_id) WHERE status = 'active'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE pix_keys');
    await q.query('DROP TABLE accounts');
    await q.query('DROP TABLE banks');
  }
}
