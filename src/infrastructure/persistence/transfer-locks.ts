import type { EntityManager } from 'typeorm';
import type { AckDue } from '../../application/ports/transfer-unit-of-work';
import { type SettlementRow, TRANSFER_COLUMNS, TRANSFER_SELECT, type TransferRow } from './transfer-rows';

/*
 * The locking reads of the transfer unit of work, as SQL. Rows named by key are locked in key order
 * (the caller hands the keys sorted and distinct), so concurrent units of work never deadlock; the
 * sweeps' reads take what is due and skip what another hub holds (SKIP LOCKED).
 */

/** Locks and reads these transfers (ids sorted), in id order. */
export function lockTransfers(manager: EntityManager, ids: string[]): Promise<TransferRow[]> {
  return manager.query(`${TRANSFER_SELECT} WHERE id = ANY($1) ORDER BY id FOR UPDATE OF transactions`, [ids]);
}

/** Locks up to `limit` pending transfers past their deadline, oldest deadline first. */
export function lockExpiredPending(manager: EntityManager, now: Date, limit: number): Promise<TransferRow[]> {
  return manager.query(
    `${TRANSFER_SELECT}
       WHERE status = 'pending' AND deadline < $1 ORDER BY deadline LIMIT $2 FOR UPDATE OF transactions SKIP LOCKED`,
    [now, limit],
  );
}

/** A confirmed transfer with its reminder row, if any. */
export type UnacknowledgedRow = TransferRow & { sent: number | null; next_at: Date | null };

/** Locks up to `limit` confirmed transfers whose banks are due a reminder, least recently changed first. */
export function lockUnacknowledged(
  manager: EntityManager,
  due: AckDue,
  limit: number,
): Promise<UnacknowledgedRow[]> {
  return manager.query(
    `SELECT ${TRANSFER_COLUMNS}, m.sent, m.next_at
       FROM transactions LEFT JOIN confirmation_reminders m ON m.end_to_end_id = transactions.id
       WHERE status = 'confirmed'
         AND NOT EXISTS (SELECT 1 FROM reconciliations r WHERE r.end_to_end_id = transactions.id)
         AND (updated_at <= $1 OR (m.next_at IS NULL AND updated_at <= $2) OR m.next_at <= $3)
       ORDER BY updated_at LIMIT $4 FOR UPDATE OF transactions SKIP LOCKED`,
    [due.overdueBefore, due.confirmedBefore, due.now, limit],
  );
}

/**
 * Locks the settlement accounts of these banks (ISPBs sorted), in ISPB order; a registered bank that
 * has none gets an empty one opened (a first credit, a first funding, a first request), so the money
 * always has a row and concurrent hubs cannot both "create" it. A bank not registered has no row.
 */
export async function lockSettlementAccounts(
  manager: EntityManager,
  ispbs: string[],
): Promise<SettlementRow[]> {
  const select = (list: string[]): Promise<SettlementRow[]> =>
    manager.query(
      `SELECT ispb, balance, reserved, net_debit_cap FROM settlement_accounts
         WHERE ispb = ANY($1) ORDER BY ispb FOR UPDATE`,
      [list],
    );
  const rows = await select(ispbs);
  const found = new Set(rows.map((r) => r.ispb));
  const unopened = ispbs.filter((i) => !found.has(i));
  if (unopened.length > 0) {
    await manager.query(
      `INSERT INTO settlement_accounts (ispb) SELECT ispb FROM banks WHERE ispb = ANY($1)
         ON CONFLICT DO NOTHING`,
      [unopened],
    );
    rows.push(...(await select(unopened)));
  }
  return rows;
}
