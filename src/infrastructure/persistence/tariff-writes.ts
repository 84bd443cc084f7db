import type { EntityManager } from 'typeorm';
import type { Writes } from '../../../lib/persistence/writes';
import type { DueTariff } from '../../application/ports/transfer-unit-of-work';
import { Ispb, type Money } from '../../domain';

/** What a unit of work did to tariffs: transfers counted per `ispb|day`, and due tariffs charged. */
export interface TariffChanges {
  accrued: ReadonlyMap<string, number>;
  charged: readonly { due: DueTariff; amount: Money; at: Date }[];
}

/**
 * Due tariffs, locked SKIP LOCKED so several hubs charge each once. Only days before `today` are due,
 * and transfers are counted on their settlement's day (today), so the sweep and the relay never want
 * the same row.
 */
export async function selectDueTariffs(
  manager: EntityManager,
  today: string,
  limit: number,
): Promise<DueTariff[]> {
  const rows: { ispb: string; day: string; transfers: number }[] = await manager.query(
    `SELECT ispb, to_char(day, 'YYYY-MM-DD') AS day, transfers FROM tariff_accruals
     WHERE charged_at IS NULL AND day < $1::date ORDER BY day, ispb LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [today, limit],
  );
  return rows.map((r) => ({ ispb: Ispb.create(r.ispb), day: r.day, transfers: r.transfers }));
}

/** Counts add up in one upsert, in key order (concurrent hubs lock the rows in the same order). */
export function addTariffWrites(writes: Writes, changes: TariffChanges): void {
  const keys = [...changes.accrued.keys()].sort();
  if (keys.length > 0) {
    writes.add(
      `INSERT INTO tariff_accruals (ispb, day, transfers)
       SELECT * FROM unnest($1::char(8)[], $2::date[], $3::int[])
       ON CONFLICT (ispb, day) DO UPDATE SET transfers = tariff_accruals.transfers + EXCLUDED.transfers`,
      [
        keys.map((k) => k.split('|')[0]),
        keys.map((k) => k.split('|')[1]),
        keys.map((k) => changes.accrued.get(k)),
      ],
    );
  }
  const { charged } = changes;
  if (charged.length === 0) return;
  writes.add(
    `UPDATE tariff_accruals t SET charged_at = v.at, amount = v.amount
     FROM unnest($1::char(8)[], $2::date[], $3::bigint[], $4::timestamptz[]) AS v(ispb, day, amount, at)
     WHERE t.ispb = v.ispb AND t.day = v.day`,
    [
      charged.map((c) => c.due.ispb.value),
      charged.map((c) => c.due.day),
      charged.map((c) => c.amount.cents.toString()),
      charged.map((c) => c.at),
    ],
  );
}
