import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Key claims: a claim's current state, the accounts on both sides, and every step it took. At most one
 * claim per key is open (open, waiting or confirmed) at any time: the partial unique index is the last
 * word when two claims on one key race.
 */
export class KeyClaims1765500000000 implements MigrationInterface {
  name = 'KeyClaims1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE claims (
        id uuid PRIMARY KEY,
        kind varchar(11) NOT NULL CHECK (kind IN ('portability', 'ownership')),
        key_kind varchar(5) NOT NULL CHECK (key_kind IN ('cpf', 'cnpj', 'email', 'phone')),
        key varchar(77) NOT NULL,
        claimer_account_id uuid NOT NULL REFERENCES accounts(id),
        donor_account_id uuid NOT NULL REFERENCES accounts(id),
        status varchar(18) NOT NULL
          CHECK (status IN ('open', 'waiting_resolution', 'confirmed', 'completed', 'cancelled')),
        reason varchar(17)
          CHECK (reason IN ('USER_REQUESTED', 'ACCOUNT_CLOSURE', 'FRAUD', 'DEFAULT_OPERATION')),
        resolution_ends_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE UNIQUE INDEX uq_claims_open_key ON claims (key)
        WHERE status IN ('open', 'waiting_resolution', 'confirmed')`);
    await q.query('CREATE INDEX ix_claims_claimer ON claims (claimer_account_id, created_at)');
    await q.query('CREATE INDEX ix_claims_donor ON claims (donor_account_id, created_at)');
    await q.query(`
      CREATE INDEX ix_claims_unanswered ON claims (resolution_ends_at)
        WHERE status = 'waiting_resolution' AND kind = 'portability'`);
    await q.query(`
      CREATE TABLE claim_changes (
        id bigserial PRIMARY KEY,
        claim_id uuid NOT NULL REFERENCES claims(id),
        from_status varchar(18),
        to_status varchar(18) NOT NULL,
        reason varchar(17),
        by varchar(13) NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX ix_claim_changes_claim ON claim_changes (claim_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE claim_changes');
    await q.query('DROP TABLE claims');
  }
}
