import type { DataSource } from 'typeorm';
import { transferHistory } from './transfer-history';
import { SUMMARY_COLUMNS, type SummaryRow, summaryOf, type TransferSummary } from './transfer-summary';

/**
 * What the console shows, read from the hub's tables with plain SQL over the pool: nothing is locked
 * and nothing written. Amounts stay strings of cents (bigint columns), times ISO strings, so the
 * answers are JSON as they are.
 */

/** One state change of a transfer, as the live feed sends it: `seq` is its transition's id. */
export interface TransferChange {
  seq: number;
  from: string | null;
  to: string;
  reason: string | null;
  actor: string;
  at: string;
  transfer: TransferSummary;
}

type ChangeRow = SummaryRow & {
  seq: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  actor: string;
  at: Date;
};

const changeOf = (r: ChangeRow): TransferChange => ({
  seq: Number(r.seq),
  from: r.from_status,
  to: r.to_status,
  reason: r.reason,
  actor: r.actor,
  at: r.at.toISOString(),
  transfer: summaryOf(r),
});

const CHANGE_SELECT = `SELECT h.id AS seq, h.from_status, h.to_status, h.reason, h.actor, h.at, ${SUMMARY_COLUMNS}
  FROM transaction_transitions h JOIN transactions t ON t.id = h.end_to_end_id`;

export class ConsoleQueries {
  constructor(private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  /** The newest transfers, by status and by a bank on either side when asked. */
  async transfers(filter: { status?: string; bank?: string; limit: number }): Promise<TransferSummary[]> {
    const rows = await this.query<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM transactions t
       WHERE ($1::varchar IS NULL OR t.status = $1)
         AND ($2::char(8) IS NULL OR t.debtor_ispb = $2 OR t.creditor_ispb = $2)
       ORDER BY t.created_at DESC, t.id DESC LIMIT $3`,
      [filter.status ?? null, filter.bank ?? null, filter.limit],
    );
    return rows.map(summaryOf);
  }

  /**
   * State changes after `seq` (and those of `alsoSeqs`, seen missing before), oldest first: the first
   * `limit` of them, or with `newest` the last.
   */
  async changesAfter(
    seq: number,
    limit: number,
    alsoSeqs: readonly number[] = [],
    { newest = false } = {},
  ): Promise<TransferChange[]> {
    const rows = await this.query<ChangeRow>(
      `${CHANGE_SELECT} WHERE h.id > $1 OR h.id = ANY($3::bigint[])
       ORDER BY h.id ${newest ? 'DESC' : ''} LIMIT $2`,
      [seq, limit, alsoSeqs],
    );
    const changes = rows.map(changeOf);
    return newest ? changes.reverse() : changes;
  }

  /** The newest state change's seq, 0 when there is none. */
  async lastSeq(): Promise<number> {
    const [row] = await this.query<{ seq: string | null }>(
      'SELECT max(id) AS seq FROM transaction_transitions',
    );
    return Number(row?.seq ?? 0);
  }

  /** A transfer and everything recorded of it; undefined when the hub has no such transfer. */
  transfer(endToEndId: string) {
    return transferHistory(this.dataSource, endToEndId);
  }

  /** Every bank with its settlement account: what it holds, has reserved, and may go below zero by. */
  async banks() {
    const rows = await this.query<{
      ispb: string;
      name: string;
      active: boolean;
      balance: string | null;
      reserved: string | null;
      net_debit_cap: string | null;
    }>(
      `SELECT b.ispb, b.name, b.active, s.balance, s.reserved, s.net_debit_cap
       FROM banks b LEFT JOIN settlement_accounts s ON s.ispb = b.ispb ORDER BY b.ispb`,
    );
    return rows.map((r) => {
      const [balance, reserved, cap] = [r.balance, r.reserved, r.net_debit_cap].map((v) => BigInt(v ?? 0));
      // What it may still send: the schema's rule is balance - reserved >= -net_debit_cap.
      const position = balance - reserved;
      return {
        ispb: r.ispb,
        name: r.name,
        active: r.active,
        balance: String(balance),
        reserved: String(reserved),
        netDebitCap: String(cap),
        position: String(position),
        available: String(position + cap),
      };
    });
  }

  /** The hub consumer's dead letters, newest first; `source` is where each was read. */
  async deadLetters(limit: number) {
    const rows = await this.query<{ source: string; message_id: string; reason: string; dead_at: Date }>(
      'SELECT source, message_id, reason, dead_at FROM dead_letters ORDER BY dead_at DESC, source LIMIT $1',
      [limit],
    );
    return rows.map((r) => {
      // topic/partition/offset; a topic name holds no slash.
      const [topic = r.source, partition = null, offset = null] = r.source.split('/');
      return {
        source: r.source,
        topic,
        partition: partition === null ? null : Number(partition),
        offset,
        messageId: r.message_id,
        reason: r.reason,
        at: r.dead_at.toISOString(),
      };
    });
  }

  /** Claims, newest first: only those still open (open, waiting resolution, confirmed) when asked. */
  async claims(opts: { open: boolean; limit: number }) {
    const rows = await this.query<Record<string, string | Date | null>>(
      `SELECT cl.id, cl.kind, cl.key, cl.status, cl.reason, cl.resolution_ends_at, cl.created_at, cl.updated_at,
         ca.ispb AS claimer_ispb, ca.owner_name AS claimer_name, da.ispb AS donor_ispb, da.owner_name AS donor_name
       FROM claims cl JOIN accounts ca ON ca.id = cl.claimer_account_id JOIN accounts da ON da.id = cl.donor_account_id
       WHERE NOT $1 OR cl.status IN ('open', 'waiting_resolution', 'confirmed')
       ORDER BY cl.created_at DESC, cl.id LIMIT $2`,
      [opts.open, opts.limit],
    );
    const time = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      key: r.key,
      status: r.status,
      reason: r.reason,
      claimer: { ispb: r.claimer_ispb, name: r.claimer_name },
      donor: { ispb: r.donor_ispb, name: r.donor_name },
      resolutionEndsAt: time(r.resolution_ends_at),
      createdAt: time(r.created_at),
      updatedAt: time(r.updated_at),
    }));
  }
}
