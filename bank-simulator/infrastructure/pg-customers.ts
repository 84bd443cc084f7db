import type { EntityManager } from 'typeorm';
import type { CustomerRepository } from '../application/ports';
import type { Customer } from '../domain';

interface CustomerRow {
  tax_id: string;
  name: string;
  password_hash: string;
  created_at: Date;
  updated_at: Date;
}

const toCustomer = (row: CustomerRow): Customer => ({
  taxId: row.tax_id,
  name: row.name,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Customers in raw SQL; a password is set rarely, so each write is one statement of its own. */
export function pgCustomers(db: EntityManager): CustomerRepository {
  return {
    find: async (taxId) => {
      const rows: CustomerRow[] = await db.query('SELECT * FROM customers WHERE tax_id = $1', [taxId]);
      return rows[0] && toCustomer(rows[0]);
    },

    save: async (c) => {
      await db.query(
        `INSERT INTO customers (tax_id, name, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tax_id) DO UPDATE SET name = EXCLUDED.name, password_hash = EXCLUDED.password_hash,
           updated_at = EXCLUDED.updated_at`,
        [c.taxId, c.name, c.passwordHash, c.createdAt, c.updatedAt],
      );
    },
  };
}
