/*
 * The tables of the messaging package, the same in the hub's schema and in every bank's: their
 * migrations create them from here, so the outbox publisher, the inbox and the dead-letter writer find
 * the columns they expect in both.
 */

/** The outbox table, the same for the hub and every bank; used by both schemas' migrations. */
export const OUTBOX_TABLE_SQL = `
  CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    message_id uuid NOT NULL,
    topic varchar(249) NOT NULL,
    key varchar(64) NOT NULL,
    headers jsonb NOT NULL,
    payload bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`;

/** The inbox: ids of messages already applied, per consumer (INBOX_FINGERPRINT_SQL adds their fingerprints). */
export const INBOX_TABLE_SQL = `
  CREATE TABLE inbox (
    message_id varchar(64) PRIMARY KEY,
    consumed_at timestamptz NOT NULL DEFAULT now()
  )`;

/** Added to both schemas' inbox (the hub's and every bank's); rows from before it have none. */
export const INBOX_FINGERPRINT_SQL = 'ALTER TABLE inbox ADD COLUMN payload_hash char(64)';

/**
 * Every message a consumer dead-lettered, keyed by where it was read (`topic/partition/offset`): no
 * sender can choose that key, so a message reusing an id is recorded too, and a redelivered batch is
 * not dead-lettered twice.
 */
export const DEAD_LETTERS_TABLE_SQL = `
  CREATE TABLE dead_letters (
    source varchar(300) PRIMARY KEY,
    message_id varchar(64) NOT NULL,
    reason varchar(1000) NOT NULL,
    dead_at timestamptz NOT NULL DEFAULT now()
  )`;
