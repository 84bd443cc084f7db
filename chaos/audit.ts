import { Client } from 'pg';
import { moneyDiscrepancies } from '../stack/invariants';
import type { TransferRecord } from './load';
import type { ChaosStack } from './stack';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

interface HubRow {
  id: string;
  status: string;
  creditor_ispb: string | null;
  rejection_reason: string | null;
}
interface BankRow {
  end_to_end_id: string;
  direction: string;
  status: string;
  idempotency_key: string | null;
}

export interface Audit {
  /** Accepted transfers not in one terminal state agreed by the debtor bank, hub and creditor bank. */
  lost: { idempotencyKey: string; endToEndId?: string; why: string }[];
  /** End-to-end ids debited or credited more than once, in a bank statement or the hub ledger. */
  duplicated: { endToEndId: string; where: string }[];
  /** How far I2 is off, in cents, summed over the banks and the settlement total. */
  moneyDifferenceCents: bigint;
  /** Accepted transfers by final hub state, and rejections by reason. */
  outcomes: Record<string, number>;
}

/** Follows every accepted transfer through the debtor bank, the hub and the creditor bank. */
export async function audit(stack: ChaosStack, transfers: TransferRecord[]): Promise<Audit> {
  const hub = await query<HubRow>(
    stack.hubDatabaseUrl,
    'SELECT id, status, creditor_ispb, rejection_reason FROM transactions',
  );
  const hubById = new Map(hub.map((t) => [t.id.trim(), t]));
  const bankRows = new Map<string, BankRow[]>();
  for (const bank of stack.banks) {
    bankRows.set(
      bank.ispb,
      await query<BankRow>(
        bank.databaseUrl,
        'SELECT end_to_end_id, direction, status, idempotency_key FROM transfers',
      ),
    );
  }
  const record = (ispb: string, id: string, direction: string) =>
    bankRows.get(ispb)?.find((r) => r.end_to_end_id.trim() === id && r.direction === direction);

  const lost: Audit['lost'] = [];
  const outcomes: Record<string, number> = {};
  for (const t of transfers.filter((x) => x.answer === 'accepted')) {
    const miss = (why: string) =>
      lost.push({ idempotencyKey: t.idempotencyKey, endToEndId: t.endToEndId, why });
    const debtor = bankRows.get(t.debtorIspb)?.find((r) => r.idempotency_key === t.idempotencyKey);
    const id = t.endToEndId ?? debtor?.end_to_end_id.trim();
    if (!debtor || !id) {
      miss(`debtor bank ${t.debtorIspb} has no transfer for this idempotency key`);
      continue;
    }
    if (debtor.end_to_end_id.trim() !== id) {
      miss(`the bank answered ${id} but recorded ${debtor.end_to_end_id}`);
      continue;
    }
    const h = hubById.get(id);
    if (!h) {
      miss('unknown to the hub');
      continue;
    }
    const outcome = h.status === 'rejected' ? `rejected ${h.rejection_reason}` : h.status;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (h.status !== 'completed' && h.status !== 'rejected') miss(`hub left it ${h.status}`);
    else if (debtor.status !== h.status) miss(`debtor bank says ${debtor.status}, hub ${h.status}`);
    else if (h.status === 'completed') {
      const creditor = h.creditor_ispb ? record(h.creditor_ispb, id, 'incoming') : undefined;
      if (creditor?.status !== 'completed')
        miss(`hub completed it, creditor ${h.creditor_ispb} says ${creditor?.status ?? 'nothing'}`);
    }
  }
  return {
    lost,
    duplicated: await duplicates(stack),
    moneyDifferenceCents: (await moneyDiscrepancies(stack.hubDatabaseUrl, stack.banks)).reduce(
      (sum, d) => sum + d.cents,
      0n,
    ),
    outcomes,
  };
}

/** One debit and one credit per end-to-end id across all banks; one entry per kind and bank at the hub. */
async function duplicates(stack: ChaosStack): Promise<Audit['duplicated']> {
  const found: Audit['duplicated'] = [];
  const moves = new Map<string, string[]>();
  for (const bank of stack.banks) {
    const rows = await query<{ end_to_end_id: string; kind: string }>(
      bank.databaseUrl,
      `SELECT end_to_end_id, kind FROM statement_entries WHERE kind IN ('debit', 'credit')`,
    );
    for (const r of rows) {
      const key = `${r.end_to_end_id.trim()} ${r.kind}`;
      moves.set(key, [...(moves.get(key) ?? []), bank.ispb]);
    }
  }
  for (const [key, banks] of moves) {
    const [endToEndId, kind] = key.split(' ');
    if (banks.length > 1) found.push({ endToEndId, where: `${kind} at ${banks.join(', ')}` });
  }
  const ledger = await query<{ end_to_end_id: string; ispb: string; kind: string; n: string }>(
    stack.hubDatabaseUrl,
    `SELECT end_to_end_id, ispb, kind, count(*) AS n FROM ledger_entries
     WHERE end_to_end_id IS NOT NULL GROUP BY 1, 2, 3 HAVING count(*) > 1`,
  );
  for (const r of ledger) {
    found.push({ endToEndId: r.end_to_end_id.trim(), where: `hub ledger ${r.kind} for ${r.ispb} ×${r.n}` });
  }
  return found;
}
