import { Client } from 'pg';
import type { ChaosStack } from './stack';

/** Rows of one query, on a connection of its own: the audit reads each database once it has drained. */
export async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A transfer or refund as the hub stored it; amounts in cents, as text. */
export interface HubRow {
  id: string;
  status: string;
  creditor_ispb: string | null;
  rejection_reason: string | null;
  /** Of a refund, the transfer it returns money of. */
  original_end_to_end_id: string | null;
  amount: string;
}

/** One side of a transfer or refund as a bank stored it. */
export interface BankRow {
  end_to_end_id: string;
  direction: 'outgoing' | 'incoming';
  status: string;
  idempotency_key: string | null;
  refund_of: string | null;
  amount: string;
}

/** What the hub and every bank recorded, read once after the run; ids trimmed of their char padding. */
export interface Records {
  hub: Map<string, HubRow>;
  /** Every bank's rows, by its ISPB. */
  banks: Map<string, BankRow[]>;
  /** A bank's side of an end-to-end id. */
  side(ispb: string, id: string, direction: BankRow['direction']): BankRow | undefined;
  /** What a bank sent under an Idempotency-Key. */
  sentUnder(ispb: string, key: string): BankRow | undefined;
}

const trim = (id: string | null) => id?.trim() ?? null;

/** Reads the transfers and refunds of the hub and of every bank, indexed for the audits. */
export async function loadRecords(stack: ChaosStack): Promise<Records> {
  const hub = await query<HubRow>(
    stack.hubDatabaseUrl,
    `SELECT id, status, creditor_ispb, rejection_reason, original_end_to_end_id, amount::text
     FROM transactions`,
  );
  const banks = new Map<string, BankRow[]>();
  const sides = new Map<string, BankRow>();
  const keys = new Map<string, BankRow>();
  for (const bank of stack.banks) {
    const rows = await query<BankRow>(
      bank.databaseUrl,
      'SELECT end_to_end_id, direction, status, idempotency_key, refund_of, amount::text FROM transfers',
    );
    for (const r of rows) {
      Object.assign(r, { end_to_end_id: r.end_to_end_id.trim(), refund_of: trim(r.refund_of) });
      sides.set(`${bank.ispb} ${r.end_to_end_id} ${r.direction}`, r);
      if (r.idempotency_key) keys.set(`${bank.ispb} ${r.idempotency_key}`, r);
    }
    banks.set(bank.ispb, rows);
  }
  return {
    hub: new Map(
      hub.map((t) => [
        t.id.trim(),
        { ...t, id: t.id.trim(), original_end_to_end_id: trim(t.original_end_to_end_id) },
      ]),
    ),
    banks,
    side: (ispb, id, direction) => sides.get(`${ispb} ${id} ${direction}`),
    sentUnder: (ispb, key) => keys.get(`${ispb} ${key}`),
  };
}
