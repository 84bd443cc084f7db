import type { EntityManager } from 'typeorm';
import { isRefundReason, Money, REJECTION_REASONS, type RejectionReason } from '../../src/domain';
import { IdempotencyKeyTaken, type TransferRepository } from '../application/ports';
import { BankTransfer, type TransferDirection, type TransferStatus } from '../domain';
import { type DeferredWrite, immediate } from './deferred-write';
import { type AccountRow, toAccount } from './pg-accounts';

interface TransferRow {
  end_to_end_id: string;
  direction: TransferDirection;
  account_number: string;
  counterparty_key: string | null;
  amount: string;
  description: string;
  status: TransferStatus;
  reason: string | null;
  idempotency_key: string | null;
  fingerprint: string | null;
  created_at: Date;
  updated_at: Date;
  refund_of: string | null;
  refund_reason: string | null;
  txid: string | null;
}

const toTransfer = (row: TransferRow) =>
  BankTransfer.restore({
    endToEndId: row.end_to_end_id,
    direction: row.direction,
    account: row.account_number,
    counterpartyKey: row.counterparty_key ?? undefined,
    amount: Money.fromCents(row.amount),
    description: row.description,
    txid: row.txid ?? undefined,
    status: row.status,
    reason: REJECTION_REASONS.find((r) => r === row.reason) as RejectionReason | undefined,
    idempotencyKey: row.idempotency_key ?? undefined,
    fingerprint: row.fingerprint ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    refundOf:
      row.refund_of && isRefundReason(row.refund_reason)
        ? { originalEndToEndId: row.refund_of, reason: row.refund_reason }
        : undefined,
  });

const COLUMNS = `end_to_end_id, direction, account_number, counterparty_key, amount, description, status,
  reason, idempotency_key, fingerprint, created_at, updated_at, refund_of, refund_reason, txid`;

const values = (t: BankTransfer) => {
  const p = t.props;
  return [
    p.endToEndId,
    p.direction,
    p.account,
    p.counterpartyKey ?? null,
    p.amount.cents.toString(),
    p.description,
    p.status,
    p.reason ?? null,
    p.idempotencyKey ?? null,
    p.fingerprint ?? null,
    p.createdAt,
    p.updatedAt,
    p.refundOf?.originalEndToEndId ?? null,
    p.refundOf?.reason ?? null,
    p.txid ?? null,
  ];
};

/** The columns of these transfers, for an unnest: `columns(ts)[i]` is column i of every transfer. */
const columns = (transfers: readonly BankTransfer[]) => {
  const rows = transfers.map(values);
  return rows[0].map((_, i) => rows.map((row) => row[i]));
};

/**
 * The send's one statement. Concurrent holds on one account queue on its row lock and each re-checks
 * `balance - held >= amount` against what the previous one left. A key already committed stops the
 * hold; a key being inserted by a concurrent request makes the insert wait for it, then skip.
 */
const HOLD_AND_RECORD_SQL = `
  WITH held AS (
    UPDATE accounts SET held = held + $5::bigint
    WHERE number = $3::varchar AND status = 'open' AND balance - held >= $5::bigint
      AND NOT EXISTS (SELECT 1 FROM transfers WHERE idempotency_key = $9::varchar)
    RETURNING *
  ), recorded AS (
    INSERT INTO transfers (${COLUMNS})
    SELECT $1::char(32), $2::varchar, $3::varchar, $4::text, $5::bigint, $6::text, $7::varchar, $8::text,
      $9::varchar, $10::text, $11::timestamptz, $12::timestamptz, $13::char(32), $14::varchar, $15::varchar
    FROM held
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING 1
  )
  SELECT held.*, (SELECT count(*) FROM recorded)::int AS recorded FROM held`;

export function pgTransfers(db: EntityManager, write: DeferredWrite = immediate(db)): TransferRepository {
  return {
    findByIdempotencyKey: async (key) => {
      const rows: TransferRow[] = await db.query('SELECT * FROM transfers WHERE idempotency_key = $1', [key]);
      return rows[0] && toTransfer(rows[0]);
    },

    holdAndRecord: async (transfer) => {
      const rows: (AccountRow & { recorded: number })[] = await db.query(
        HOLD_AND_RECORD_SQL,
        values(transfer),
      );
      if (rows.length === 0) return undefined;
      // Held but not recorded: a concurrent request with this key committed meanwhile. Roll back.
      if (rows[0].recorded !== 1) throw new IdempotencyKeyTaken();
      return toAccount(rows[0]);
    },

    insertIncoming: async (transfers) => {
      if (transfers.length === 0) return;
      await write(
        `INSERT INTO transfers (${COLUMNS})
         SELECT * FROM unnest($1::char(32)[], $2::varchar[], $3::varchar[], $4::text[], $5::bigint[],
           $6::text[], $7::varchar[], $8::text[], $9::varchar[], $10::text[], $11::timestamptz[], $12::timestamptz[],
           $13::char(32)[], $14::varchar[], $15::varchar[])`,
        columns(transfers),
      );
    },

    lockByEndToEndIds: async (ids) => {
      if (ids.length === 0) return [];
      const rows: TransferRow[] = await db.query(
        `SELECT * FROM transfers WHERE end_to_end_id = ANY($1::char(32)[])
         ORDER BY end_to_end_id, direction FOR UPDATE`,
        [ids],
      );
      return rows.map(toTransfer);
    },

    saveStatus: async (transfers) => {
      if (transfers.length === 0) return;
      const all = columns(transfers);
      await write(
        `UPDATE transfers t SET status = v.status, reason = v.reason, updated_at = v.updated_at
         FROM unnest($1::char(32)[], $2::varchar[], $3::varchar[], $4::text[], $5::timestamptz[])
           AS v(end_to_end_id, direction, status, reason, updated_at)
         WHERE t.end_to_end_id = v.end_to_end_id AND t.direction = v.direction`,
        [0, 1, 6, 7, 11].map((i) => all[i]),
      );
    },

    find: async (endToEndId) =>
      (await db.query('SELECT * FROM transfers WHERE end_to_end_id = $1', [endToEndId])).map(toTransfer),

    list: async ({ accounts, status, limit }) => {
      const rows: TransferRow[] = await db.query(
        `SELECT * FROM transfers
         WHERE ($1::varchar[] IS NULL OR account_number = ANY($1)) AND ($2::varchar IS NULL OR status = $2)
         ORDER BY created_at DESC, end_to_end_id DESC LIMIT $3`,
        [accounts ? [...accounts] : null, status ?? null, limit],
      );
      return rows.map(toTransfer);
    },

    // Served by the partial index ix_transfers_pending.
    countPendingOutgoing: async () => {
      const rows: { n: number }[] = await db.query(
        `SELECT count(*)::int AS n FROM transfers WHERE direction = 'outgoing' AND status = 'pending'`,
      );
      return rows[0].n;
    },
  };
}
