import type { DataSource } from 'typeorm';

/**
 * What the console shows, read from the hub's tables with plain SQL over the pool: nothing is locked
 * and nothing written. Amounts stay strings of cents (bigint columns), times ISO strings, so the
 * answers are JSON as they are.
 */

/** A transfer as the feed and the lists show it. */
export interface TransferSummary {
  endToEndId: string;
  status: string;
  amount: string;
  debtor: { ispb: string; name: string };
  creditor: { ispb: string | null; name: string | null; key: string };
  rejectionReason: string | null;
  /** The transfer this one refunds, when it is a refund. */
  refundOf: string | null;
  createdAt: string;
  updatedAt: string;
}

const SUMMARY_COLUMNS = `t.id, t.status, t.amount, t.debtor_ispb, t.debtor_name, t.creditor_ispb,
  t.creditor_name, t.creditor_key, t.rejection_reason, t.original_end_to_end_id, t.created_at, t.updated_at`;

interface SummaryRow {
  id: string;
  status: string;
  amount: string;
  debtor_ispb: string;
  debtor_name: string;
  creditor_ispb: string | null;
  creditor_name: string | null;
  creditor_key: string;
  rejection_reason: string | null;
  original_end_to_end_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const summaryOf = (r: SummaryRow): TransferSummary => ({
  endToEndId: r.id,
  status: r.status,
  amount: r.amount,
  debtor: { ispb: r.debtor_ispb, name: r.debtor_name },
  creditor: { ispb: r.creditor_ispb, name: r.creditor_name, key: r.creditor_key },
  rejectionReason: r.rejection_reason,
  refundOf: r.original_end_to_end_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

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
  async transfer(endToEndId: string) {
    const [row] = await this.query<
      SummaryRow & Record<string, string | Date | null> & { reconciliation_reason: string | null }
    >(
      `SELECT ${SUMMARY_COLUMNS}, t.debtor_branch, t.debtor_account, t.creditor_branch, t.creditor_account,
         t.description, t.rejection_detail, t.deadline, t.settled_at, t.refund_reason, t.txid,
         r.reason AS reconciliation_reason, r.detail AS reconciliation_detail, r.raised_at AS reconciliation_raised_at
       FROM transactions t LEFT JOIN reconciliations r ON r.end_to_end_id = t.id WHERE t.id = $1`,
      [endToEndId],
    );
    if (!row) return undefined;
    const [history, messages, ledger, refunds] = await Promise.all([
      this.query<{
        from_status: string | null;
        to_status: string;
        reason: string | null;
        actor: string;
        at: Date;
      }>(
        `SELECT from_status, to_status, reason, actor, at FROM transaction_transitions
         WHERE end_to_end_id = $1 ORDER BY id`,
        [endToEndId],
      ),
      this.query<{ message_id: string; fields: Record<string, string>; received_at: Date } & Signer>(
        `SELECT m.message_id, m.signed_fields AS fields, m.received_at, m.signer_serial, c.role, c.name
         FROM signed_messages m LEFT JOIN certificates c ON c.serial = m.signer_serial
         WHERE m.end_to_end_id = $1 ORDER BY m.received_at, m.message_id`,
        [endToEndId],
      ),
      this.query<{ ispb: string; kind: string; amount: string; at: Date }>(
        'SELECT ispb, kind, amount, at FROM ledger_entries WHERE end_to_end_id = $1 ORDER BY id',
        [endToEndId],
      ),
      this.query<SummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM transactions t WHERE t.original_end_to_end_id = $1 ORDER BY t.created_at`,
        [endToEndId],
      ),
    ]);
    const time = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
    return {
      transfer: {
        ...summaryOf(row),
        debtor: { ...summaryOf(row).debtor, branch: row.debtor_branch, account: row.debtor_account },
        creditor: { ...summaryOf(row).creditor, branch: row.creditor_branch, account: row.creditor_account },
        description: row.description,
        rejectionDetail: row.rejection_detail,
        deadline: time(row.deadline),
        settledAt: time(row.settled_at),
        refundReason: row.refund_reason,
        txid: row.txid,
      },
      reconciliation: row.reconciliation_reason
        ? {
            reason: row.reconciliation_reason,
            detail: row.reconciliation_detail,
            raisedAt: time(row.reconciliation_raised_at),
          }
        : null,
      history: history.map((h) => ({
        from: h.from_status,
        to: h.to_status,
        reason: h.reason,
        actor: h.actor,
        at: h.at.toISOString(),
      })),
      messages: messages.map((m) => ({
        messageId: m.message_id,
        type: m.fields.type ?? null,
        topic: m.fields.topic ?? null,
        origin: m.fields.origin ?? null,
        signer: signerOf(m),
        receivedAt: m.received_at.toISOString(),
      })),
      ledger: ledger.map((e) => ({ ispb: e.ispb, kind: e.kind, amount: e.amount, at: e.at.toISOString() })),
      refunds: refunds.map(summaryOf),
    };
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

interface Signer {
  signer_serial: string;
  role: string | null;
  name: string | null;
}

/** Who signed a message: the certificate's holder when the hub knows the serial. */
const signerOf = (m: Signer) => ({ serial: m.signer_serial, role: m.role, name: m.name });
