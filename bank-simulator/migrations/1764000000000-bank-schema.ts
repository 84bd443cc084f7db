import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INBOX_TABLE_SQL, OUTBOX_TABLE_SQL } from '../../lib/messaging/schema';

/**
 * A bank simulator's own database: customer accounts, their statements, transfers, and the outbox and
 * inbox shared with the hub. Money invariants are CHECK constraints, so a bug fails loudly instead of
 * overdrawing an account; UNIQUE (end_to_end_id, kind) means no transfer is debited or credited twice.
 */
export class BankSchema1764000000000 implements MigrationInterface {
  name = 'BankSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE account_numbers START 1001`);
    await q.query(`
      CREATE TABLE accounts (
        number varchar(20) PRIMARY KEY,
        branch varchar(4) NOT NULL,
        type varchar(4) NOT NULL CHECK (type IN ('CACC', 'SVGS', 'SLRY', 'TRAN')),
        owner_name varchar(140) NOT NULL,
        owner_tax_id varchar(14) NOT NULL,
        status varchar(6) NOT NULL CHECK (status IN ('open', 'closed')),
        balance bigint NOT NULL CHECK (balance >= 0),
        held bigint NOT NULL CHECK (held >= 0),
        created_at timestamptz NOT NULL,
        CONSTRAINT ck_accounts_held_within_balance CHECK (held <= balance)
      )`);
    await q.query(`
      CREATE TABLE statement_entries (
        id bigserial PRIMARY KEY,
        account_number varchar(20) NOT NULL REFERENCES accounts(number),
        kind varchar(7) NOT NULL CHECK (kind IN ('deposit', 'debit', 'credit')),
        amount bigint NOT NULL CHECK (amount > 0),
        end_to_end_id char(32),
        balance_after bigint NOT NULL CHECK (balance_after >= 0),
        at timestamptz NOT NULL,
        CONSTRAINT ck_statement_e2e CHECK ((kind = 'deposit') = (end_to_end_id IS NULL)),
        CONSTRAINT uq_statement_e2e_kind UNIQUE (end_to_end_id, kind)
      )`);
    await q.query(`CREATE INDEX ix_statement_account ON statement_entries (account_number, id)`);
    // Text columns for what the hub sends, so no message can fail on a length and block its partition.
    await q.query(`
      CREATE TABLE transfers (
        end_to_end_id char(32) NOT NULL,
        direction varchar(8) NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
        account_number varchar(20) NOT NULL REFERENCES accounts(number),
        counterparty_key text,
        amount bigint NOT NULL CHECK (amount > 0),
        description text NOT NULL,
        status varchar(9) NOT NULL CHECK (status IN ('pending', 'confirmed', 'completed', 'rejected')),
        reason text,
        idempotency_key varchar(128),
        fingerprint text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (end_to_end_id, direction),
        CONSTRAINT uq_transfers_idempotency_key UNIQUE (idempotency_key),
        CONSTRAINT ck_transfers_outgoing_key CHECK ((direction = 'outgoing') = (idempotency_key IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_transfers_account ON transfers (account_number, created_at DESC)`);
    await q.query(`CREATE INDEX ix_transfers_created ON transfers (created_at DESC)`);
    await q.query(`CREATE INDEX ix_transfers_pending ON transfers (direction) WHERE status = 'pending'`);
    await q.query(OUTBOX_TABLE_SQL);
    await q.query(INBOX_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['inbox', 'outbox', 'transfers', 'statement_entries', 'accounts']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP SEQUENCE account_numbers`);
  }
}
