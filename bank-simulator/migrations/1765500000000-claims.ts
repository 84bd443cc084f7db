import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Key claims this bank is party to, as the hub last told it: one row per claim, replaced whole by a
 * newer state. The bank's account on each side it is on (both, for an ownership claim between two of
 * its customers), the other side's bank, and the hub's times. The hub owns claims and checks what it
 * sends; the columns are loose (text, no foreign key) so that no notice can fail on a row and block
 * its partition. Additive only.
 */
export class Claims1765500000000 implements MigrationInterface {
  name = 'Claims1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE claims (
        id uuid PRIMARY KEY,
        kind varchar(11) NOT NULL CHECK (kind IN ('portability', 'ownership')),
        key_kind varchar(5) NOT NULL,
        key text NOT NULL,
        status varchar(18) NOT NULL
          CHECK (status IN ('open', 'waiting_resolution', 'confirmed', 'completed', 'cancelled')),
        reason varchar(17),
        claimer_account varchar(20),
        donor_account varchar(20),
        counterparty_ispb char(8) NOT NULL,
        resolution_ends_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT ck_claims_party CHECK (claimer_account IS NOT NULL OR donor_account IS NOT NULL)
      )`);
    await q.query('CREATE INDEX ix_claims_claimer ON claims (claimer_account, created_at DESC)');
    await q.query('CREATE INDEX ix_claims_donor ON claims (donor_account, created_at DESC)');
    // What the donor still has to acknowledge: few rows, read every couple of seconds.
    await q.query(`
      CREATE INDEX ix_claims_to_acknowledge ON claims (updated_at)
        WHERE status = 'open' AND donor_account IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE claims');
  }
}
