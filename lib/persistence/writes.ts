import type { EntityManager } from 'typeorm';

/** Rows per INSERT: at 20 columns still well under Postgres' 65,535 parameters per statement. */
const ROWS_PER_INSERT_MAX = 1000;
/** Parameters per combined statement: under Postgres' limit of 65,535 with room for one more write. */
const PARAMS_PER_STATEMENT_MAX = 30_000;

/** A write whose result nobody reads: an INSERT, UPDATE or DELETE and its parameters ($1, $2, ...). */
interface Write {
  sql: string;
  params: unknown[];
}

/**
 * Writes gathered and then sent together: each becomes a data-modifying WITH clause of one statement,
 * so a unit of work's inserts and updates cost one round trip instead of one each. They run on one
 * snapshot and cannot see each other's rows, so they must touch different rows (foreign keys between
 * them are checked at the end of the statement and hold).
 */
export class Writes {
  private readonly list: Write[] = [];

  add(sql: string, params: unknown[]): void {
    this.list.push({ sql, params });
  }

  /** `INSERT INTO t (cols) VALUES (...), (...)` of `rows`, in as few writes as the parameter limit allows. */
  insert(head: string, rows: readonly unknown[][]): void {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT_MAX) {
      const params: unknown[] = [];
      const values = rows.slice(start, start + ROWS_PER_INSERT_MAX).map((row) => {
        const first = params.length + 1;
        params.push(...row);
        return `(${row.map((_, i) => `$${first + i}`).join(', ')})`;
      });
      this.add(`${head} VALUES ${values.join(', ')}`, params);
    }
  }

  async run(manager: EntityManager): Promise<void> {
    let clauses: string[] = [];
    let params: unknown[] = [];
    const send = async () => {
      if (clauses.length === 0) return;
      const sql =
        clauses.length === 1
          ? (clauses[0] as string)
          : `WITH ${clauses.map((c, i) => `w${i} AS (${c})`).join(', ')} SELECT 1`;
      await manager.query(sql, params);
      clauses = [];
      params = [];
    };
    for (const write of this.list) {
      if (params.length + write.params.length > PARAMS_PER_STATEMENT_MAX) await send();
      const offset = params.length;
      const sql = write.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
      clauses.push(sql);
      params.push(...write.params);
    }
    await send();
    this.list.length = 0;
  }
}

/** `INSERT INTO t (cols) VALUES (...), (...)` of `rows`, as few statements as the parameter limit allows. */
export async function insertRows(
  manager: EntityManager,
  head: string,
  rows: readonly unknown[][],
): Promise<void> {
  const writes = new Writes();
  writes.insert(head, rows);
  await writes.run(manager);
}
