import http from 'node:http';
import { Client } from 'pg';
import { numberedCustomer } from '../cmd/demo-data';
import type { StackBank as Bank } from '../stack/stack';

/** The fields of the bank's answers this benchmark reads (docs/bank-api.md). */
export interface Reply {
  status: number;
  body?: { number?: string; key?: string; endToEndId?: string; error?: { code?: string } };
  /** Retry-After, in seconds, when the bank sent one (429 BANK.BUSY, 503). */
  retryAfterSeconds?: number;
}

/** Keep-alive JSON over node:http (cheaper per request than fetch, which matters on 2 cores). */
export class JsonHttp {
  private readonly agent: http.Agent;

  constructor(maxSockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(
    bank: Bank,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: bank.host,
          port: bank.port,
          method,
          path,
          agent: this.agent,
          headers: payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers }
            : headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            const retryAfter = Number(res.headers['retry-after'] ?? Number.NaN);
            try {
              resolve({
                status: res.statusCode ?? 0,
                body: text ? JSON.parse(text) : undefined,
                ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
              });
            } catch (error) {
              reject(error);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Customer {
  bank: Bank;
  account: string;
  key: string;
}

/** Opens `perBank` accounts at every bank, each with `deposit` cents and one EVP key. */
export async function openCustomers(
  client: JsonHttp,
  banks: Bank[],
  perBank: number,
  deposit: bigint,
): Promise<Customer[]> {
  const expect = (what: string, r: Reply, status: number, field: 'number' | 'key'): string => {
    const value = r.body?.[field];
    if (r.status !== status || !value) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return value;
  };
  const open = async (bank: Bank, i: number): Promise<Customer> => {
    const opened = await client.request(
      bank,
      'POST',
      '/accounts',
      numberedCustomer(bank.ispb, i, 'Bench Customer'),
    );
    const account = expect('open account', opened, 201, 'number');
    const deposited = await client.request(bank, 'POST', `/accounts/${account}/deposits`, {
      amount: deposit.toString(),
    });
    expect('deposit', deposited, 201, 'number');
    const key = await client.request(bank, 'POST', `/accounts/${account}/pix-keys`, { kind: 'evp' });
    return { bank, account, key: expect('register EVP key', key, 201, 'key') };
  };
  const perBankCustomers = await Promise.all(
    banks.map(async (bank) => {
      const list: Customer[] = [];
      for (let i = 0; i < perBank; i += 10) {
        const batch = Array.from({ length: Math.min(10, perBank - i) }, (_, j) => open(bank, i + j));
        list.push(...(await Promise.all(batch)));
      }
      return list;
    }),
  );
  return perBankCustomers.flat();
}

export interface SendOutcome {
  endToEndId?: string;
  /** Set when the bank did not accept the transfer (a status other than 202 or 429, or no answer). */
  error?: string;
  /** The bank shed it (429 BANK.BUSY): not an error; it asks to be left alone this long. */
  shedRetryAfterMs?: number;
}

/** One Pix from a random customer to a random customer of another bank, 1 to 999 cents. */
export function transferSender(client: JsonHttp, customers: Customer[], runId: string) {
  let seq = 0;
  const pick = () => customers[Math.floor(Math.random() * customers.length)];
  return async (): Promise<SendOutcome> => {
    const from = pick();
    let to = pick();
    while (to.bank === from.bank) to = pick();
    const body = {
      fromAccount: from.account,
      key: to.key,
      amount: String(1 + Math.floor(Math.random() * 999)),
    };
    try {
      const r = await client.request(from.bank, 'POST', '/transfers', body, {
        'idempotency-key': `${runId}-${seq++}`,
      });
      if (r.status === 202 && r.body?.endToEndId) return { endToEndId: r.body.endToEndId };
      if (r.status === 429) return { shedRetryAfterMs: (r.retryAfterSeconds ?? 1) * 1000 };
      return { error: `HTTP ${r.status} ${r.body?.error?.code ?? ''}`.trim() };
    } catch (error) {
      return { error: (error as NodeJS.ErrnoException).code ?? String(error) };
    }
  };
}

export const countErrors = (errors: Map<string, number>, error: string) =>
  errors.set(error, (errors.get(error) ?? 0) + 1);

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
      // A bank's own table is `transfers` (the hub's is `transactions`).
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

export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
