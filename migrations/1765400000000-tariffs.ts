import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tariffs: each bank's transfers counted per UTC day as they settle, and the day's tariff once charged
 * to its settlement account, as a `tariff` ledger entry keyed `tariff:<day>` (one per bank and day).
 */
export class Tariffs1765400000000 implements MigrationInterface {
  name = 'Tariffs1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check');
    await q.query(`
      ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
        CHECK (kind IN ('fund', 'reserve', 'release', 'debit', 'credit', 'tariff'))`);
    await q.query(`
      CREATE TABLE tariff_accruals (
        ispb char(8) NOT NULL REFERENCES banks(ispb),
        day date NOT NULL,
        transfers int NOT NULL CHECK (transfers > 0),
        amount bigint CHECK (amount >= 0),
        charged_at timestamptz,
        PRIMARY KEY (ispb, day),
        CHECK ((amount IS NULL) = (charged_at IS NULL))
      )`);
    await q.query('CREATE INDEX ix_tariff_accruals_due ON tariff_accruals (day) WHERE charged_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE tariff_accruals');
    await q.query('ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check');
    await q.query(`
      ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
        CHECK (kind IN ('fund', 'reserve', 'release', 'debit', 'credit'))`);
  }
}
