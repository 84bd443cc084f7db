import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customers who log in to the bank's API: a tax id (CPF or CNPJ), the name they were first known
 * by, and the scrypt hash of their password (never the password). Accounts stay owned by tax id, not
 * by a foreign key to this table, so an account opens before its owner has a password. Additive only.
 */
export class Customers1765600000000 implements MigrationInterface {
  name = 'Customers1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customers (
        tax_id varchar(14) PRIMARY KEY CHECK (tax_id ~ '^([0-9]{11}|[0-9]{14})$'),
        name varchar(140) NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // A customer's accounts, read on every call they make (GET /me, GET /accounts, the transfer list).
    await q.query('CREATE INDEX ix_accounts_owner ON accounts (owner_tax_id, number)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_accounts_owner');
    await q.query('DROP TABLE customers');
  }
}
