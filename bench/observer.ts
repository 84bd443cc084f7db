import { Client } from 'pg';

export interface Outcome {
  status: string;
  reason?: string;
  updatedMs: number;
  /** Time of each transition the hub recorded, by the status it entered. */
  at: Record<string, number>;
}

/** Queries against the hub's and the banks' databases (read-only). */
export class Observer {
  private constructor(
    private readonly hub: Client,
    private readonly banks: Client[],
  ) {}

  static async connect(hubUrl: string, bankUrls: string[]): Promise<Observer> {
    const connect = async (url: string) => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    };
    return new Observer(await connect(hubUrl), await Promise.all(bankUrls.map(connect)));
  }

  /** Transfers whose last transition (completion or rejection) fell in [from, to), by status and reason. */
  async settledBetween(
    from: number,
    to: number,
  ): Promise<{ completed: number; rejected: Record<string, number> }> {
    const { rows } = await this.hub.query(
      `SELECT status, coalesce(rejection_reason, '') AS reason, count(*)::int AS n FROM transactions
        WHERE status IN ('completed', 'rejected') AND updated_at >= $1 AND updated_at < $2 GROUP BY 1, 2`,
      [new Date(from), new Date(to)],
    );
    const rejected: Record<string, number> = {};
    let completed = 0;
    for (const r of rows) {
      if (r.status === 'completed') completed += r.n;
      else rejected[r.reason || 'unknown'] = r.n;
    }
    return { completed, rejected };
  }

  /** Completions per second at the hub from `from` on: [0] is the first second. */
  async completionsPerSecond(from: number): Promise<number[]> {
    const { rows } = await this.hub.query(
      `SELECT floor(extract(epoch FROM updated_at - $1::timestamptz))::int AS s, count(*)::int AS n
         FROM transactions WHERE status = 'completed' AND updated_at >= $1 GROUP BY 1 ORDER BY 1`,
      [new Date(from)],
    );
    const out: number[] = [];
    for (const r of rows) out[r.s] = r.n;
    return Array.from(out, (n) => n ?? 0);
  }

  /** How many transfers the hub has, and how many of them are not terminal yet. */
  async hubCounts(): Promise<{ total: number; open: number }> {
    const { rows } = await this.hub.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('pending', 'confirmed'))::int AS open
         FROM transactions`,
    );
    return rows[0];
  }

  /** Nothing in flight: every transfer the banks accepted is at the hub and terminal everywhere. */
  async drained(accepted: number): Promise<boolean> {
    const hub = await this.hubCounts();
    if (hub.open > 0 || hub.total < accepted) return false;
    for (const bank of this.banks) {
      const { rows } = await bank.query(
        `SELECT count(*)::int AS n FROM transfers WHERE status IN ('pending', 'confirmed')`,
      );
      if (rows[0].n > 0) return false;
    }
    return true;
  }

  /** Waits until drained; returns the seconds it took, or undefined after `timeoutMs`. */
  async drain(accepted: number, timeoutMs: number): Promise<number | undefined> {
    const start = Date.now();
    while (!(await this.drained(accepted))) {
      if (Date.now() - start > timeoutMs) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return (Date.now() - start) / 1000;
  }

  /**
   * The hub's final word on these transfers: status, reason and the time (ms) of each transition, from
   * the hub's history table (pending = when the hub stored the request).
   */
  async outcomes(ids: string[]): Promise<Map<string, Outcome>> {
    const out = new Map<string, Outcome>();
    for (let i = 0; i < ids.length; i += 10_000) {
      const chunk = ids.slice(i, i + 10_000);
      const { rows } = await this.hub.query(
        'SELECT id, status, rejection_reason, updated_at FROM transactions WHERE id = ANY($1)',
        [chunk],
      );
      for (const r of rows) {
        const updatedMs = (r.updated_at as Date).getTime();
        out.set(r.id, { status: r.status, reason: r.rejection_reason ?? undefined, updatedMs, at: {} });
      }
      const transitions = await this.hub.query(
        'SELECT end_to_end_id, to_status, at FROM transaction_transitions WHERE end_to_end_id = ANY($1)',
        [chunk],
      );
      for (const t of transitions.rows) {
        const outcome = out.get(t.end_to_end_id);
        if (outcome) outcome.at[t.to_status as string] = (t.at as Date).getTime();
      }
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([this.hub, ...this.banks].map((c) => c.end()));
  }
}
