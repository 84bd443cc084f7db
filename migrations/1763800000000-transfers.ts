import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INBOX_TABLE_SQL, OUTBOX_TABLE_SQL } from '../lib/messaging/schema';

const STATUSES = `'pending', 'confirmed', 'completed', 'rejected'`;

/** Transfers, their history, settlement accounts and their ledger, and the outbox and inbox. */
export class Transfers1763800000000 implements MigrationInterface {
  name = 'Transfers1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transactions (
        id char(32) PRIMARY KEY,
        debtor_ispb char(8) NOT NULL,
        debtor_branch varchar(4) NOT NULL,
        debtor_account varchar(20) NOT NULL,
        debtor_name varchar(140) NOT NULL,
        creditor_key varchar(140) NOT NULL,
        creditor_ispb char(8),
        creditor_branch varchar(4),
        creditor_account varchar(20),
        creditor_name varchar(140),
        amount bigint NOT NULL CHECK (amount >= 0),
        description varchar(140) NOT NULL,
        status varchar(9) NOT NULL CHECK (status IN (${STATUSES})),
        rejection_reason varchar(40),
        rejection_detail varchar(300),
        payload_hash char(64) NOT NULL,
        deadline timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX ix_transactions_pending_deadline ON transactions (deadline) WHERE status = 'pending'`,
    );
    await q.query('CREATE INDEX ix_transactions_created ON transactions (created_at DESC, id DESC)');
    await q.query('CREATE INDEX ix_transactions_debtor ON transactions (debtor_ispb, created_at DESC)');
    await q.query('CREATE INDEX ix_transactions_creditor ON transactions (creditor_ispb, created_at DESC)');
    await q.query(`
      CREATE TABLE transaction_transitions (
        id bigserial PRIMARY KEY,
        end_to_end_id char(32) NOT NULL REFERENCES transactions(id),
        from_status varchar(9) CHECK (from_status IN (${STATUSES})),
        to_status varchar(9) NOT NULL CHECK (to_status IN (${STATUSES})),
        reason varchar(40),
        actor varchar(20) NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX ix_transitions_transfer ON transaction_transitions (end_to_end_id, id)');
    await q.query(`
      CREATE TABLE settlement_accounts (
        ispb char(8) PRIMARY KEY REFERENCES banks(ispb),
        balance bigint NOT NULL DEFAULT 0,
        reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        net_debit_cap bigint NOT NULL DEFAULT 0 CHECK (net_debit_cap >= 0),
        CONSTRAINT ck_settlement_never_overdrawn CHECK (balance - reserved >= -net_debit_cap)
      )`);
    await q.query(`
      CREATE TABLE ledger_entries (
        id bigserial PRIMARY KEY,
        ispb char(8) NOT NULL REFERENCES settlement_accounts(ispb),
        kind varchar(7) NOT NULL CHECK (kind IN ('fund', 'reserve', 'release', 'debit', 'credit')),
        amount bigint NOT NULL CHECK (amount > 0),
        end_to_end_id char(32),
        idempotency_key varchar(100),
        balance_after bigint NOT NULL,
        reserved_after bigint NOT NULL,
        at timestamptz NOT NULL
      )`);
    // I3: a transfer reserves, releases, debits or credits a bank at most once.
    await q.query(
      'CREATE UNIQUE INDEX uq_ledger_transfer ON ledger_entries (end_to_end_id, ispb, kind) WHERE end_to_end_id IS NOT NULL',
    );
    await q.query(
      'CREATE UNIQUE INDEX uq_ledger_funding ON ledger_entries (ispb, idempotency_key) WHERE idempotency_key IS NOT NULL',
    );
    await q.query('CREATE INDEX ix_ledger_bank ON ledger_entries (ispb, id)');
    // The history and the ledger are append-only: corrections are new rows, never edits.
    await q.query(`
      CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`);
    for (const table of ['transaction_transitions', 'ledger_entries']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
      );
    }
    await q.query(OUTBOX_TABLE_SQL);
    await q.query(INBOX_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'inbox',
      'outbox',
      'ledger_entries',
      'settlement_accounts',
      'transaction_transitions',
      'transactions',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query('DROP FUNCTION forbid_change()');
  }
}
