import type { EntityManager } from 'typeorm';

/** Rows per INSERT: at 20 columns still well under Postgres' 65,535 parameters per statement. */
const CHUNK = 1000;

/** `INSERT INTO t (cols) VALUES (...), (...)` of `rows`, as few statements as the parameter limit allows. */
export async function insertRows(
  manager: EntityManager,
  head: string,
  rows: readonly unknown[][],
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const params: unknown[] = [];
    const values = rows.slice(start, start + CHUNK).map((row) => {
      const first = params.length + 1;
      params.push(...row);
      return `(${row.map((_, i) => `$${first + i}`).join(', ')})`;
    });
    await manager.query(`${head} VALUES ${values.join(', ')}`, params);
  }
}
