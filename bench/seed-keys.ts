import { Client } from 'pg';
import { cpfFrom } from '../cmd/demo-data';

export const seededKey = (i: number) => `user${i}@bench.example.com`;

/** Writes `count` accounts with one email key each, in batches; far faster than registering over gRPC. */
export async function seedKeys(databaseUrl: string, count: number, ispb: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO banks (ispb, name, active, created_at) VALUES ($1, 'Banco Bench', true, now())`,
      [ispb],
    );
    const batch = 5000;
    for (let from = 0; from < count; from += batch) {
      const ids = Array.from({ length: Math.min(batch, count - from) }, (_, j) => from + j);
      await db.query(
        `WITH a AS (
           INSERT INTO accounts (id, ispb, branch, number, type, owner_name, owner_tax_id)
           SELECT gen_random_uuid(), $1, '0001', n::text, 'CACC', 'Cliente ' || n, cpf
             FROM unnest($2::int[], $3::text[]) AS t(n, cpf)
           RETURNING id, number)
         INSERT INTO pix_keys (id, kind, key, account_id, status, created_at)
         SELECT gen_random_uuid(), 'email', 'user' || a.number || '@bench.example.com', a.id, 'active', now() FROM a`,
        [ispb, ids, ids.map(cpfFrom)],
      );
    }
    await db.query('ANALYZE');
  } finally {
    await db.end();
  }
}
