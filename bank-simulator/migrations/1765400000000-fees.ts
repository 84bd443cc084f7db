import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A `fee` statement line: what a business customer paid for a Pix received, once per end-to-end id. */
export class Fees1765400000000 implements MigrationInterface {
  name = 'Fees1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE statement_entries DROP CONSTRAINT statement_entries_kind_check');
    await q.query(`
      ALTER TABLE statement_entries ADD CONSTRAINT statement_entries_kind_check
        CHECK (kind IN ('deposit', 'debit', 'credit', 'fee'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE statement_entries DROP CONSTRAINT statement_entries_kind_check');
    await q.query(`
      ALTER TABLE statement_entries ADD CONSTRAINT statement_entries_kind_check
        CHECK (kind IN ('deposit', 'debit', 'credit'))`);
  }
}
