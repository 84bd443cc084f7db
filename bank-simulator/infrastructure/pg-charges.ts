import type { EntityManager } from 'typeorm';
import { Money } from '../../src/domain';
import type { ChargeRepository } from '../application/ports';
import { Charge, type ChargeStatus } from '../domain';
import { type DeferredWrite, immediate } from './deferred-write';

interface ChargeRow {
  txid: string;
  account_number: string;
  pix_key: string;
  amount: string;
  payload: string;
  status: ChargeStatus;
  end_to_end_id: string | null;
  created_at: Date;
  paid_at: Date | null;
}

const toCharge = (row: ChargeRow) =>
  Charge.restore({
    txid: row.txid,
    account: row.account_number,
    key: row.pix_key,
    amount: Money.fromCents(row.amount),
    payload: row.payload,
    status: row.status,
    endToEndId: row.end_to_end_id ?? undefined,
    createdAt: row.created_at,
    paidAt: row.paid_at ?? undefined,
  });

export function pgCharges(db: EntityManager, write: DeferredWrite = immediate(db)): ChargeRepository {
  return {
    insert: async (charge) => {
      const c = charge.props;
      const rows: unknown[] = await db.query(
        `INSERT INTO charges (txid, account_number, pix_key, amount, payload, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (txid) DO NOTHING RETURNING 1`,
        [c.txid, c.account, c.key, c.amount.cents.toString(), c.payload, c.status, c.createdAt],
      );
      return rows.length === 1;
    },

    find: async (txid) => {
      const rows: ChargeRow[] = await db.query('SELECT * FROM charges WHERE txid = $1', [txid]);
      return rows[0] && toCharge(rows[0]);
    },

    lock: async (txids) => {
      if (txids.length === 0) return new Map();
      const rows: ChargeRow[] = await db.query(
        'SELECT * FROM charges WHERE txid = ANY($1::varchar[]) ORDER BY txid FOR UPDATE',
        [[...txids]],
      );
      return new Map(rows.map((row) => [row.txid, toCharge(row)]));
    },

    save: async (charges) => {
      if (charges.length === 0) return;
      const p = charges.map((c) => c.props);
      await write(
        `UPDATE charges c SET status = v.status, end_to_end_id = v.end_to_end_id, paid_at = v.paid_at
         FROM unnest($1::varchar[], $2::varchar[], $3::char(32)[], $4::timestamptz[])
           AS v(txid, status, end_to_end_id, paid_at)
         WHERE c.txid = v.txid`,
        [
          p.map((c) => c.txid),
          p.map((c) => c.status),
          p.map((c) => c.endToEndId ?? null),
          p.map((c) => c.paidAt ?? null),
        ],
      );
    },
  };
}
