import type { DataSource } from 'typeorm';
import type {
  TransferFilter,
  TransferPage,
  TransferQuery,
  TransferRead,
} from '../../../application/ports/transfer-query';
import { Money, ValidationError } from '../../../domain';
import { TRANSFER_SELECT, type TransferRow, transferFromRow } from '../transfer-rows';

/** With what its settled refunds (confirmed or completed) returned; refunds are rare, the index partial. */
const READ_SELECT = `${TRANSFER_SELECT.replace(
  /^SELECT /,
  `SELECT (SELECT coalesce(sum(d.amount), 0) FROM transactions d
     WHERE d.original_end_to_end_id = transactions.id AND d.settled_at IS NOT NULL) AS refunded, `,
)}`;

const read = (row: TransferRow & { refunded: string }): TransferRead => ({
  transfer: transferFromRow(row),
  refunded: Money.fromCents(row.refunded),
});

/** Keyset paging on (created_at, id), newest first: stable while new transfers arrive. */
interface Cursor {
  createdAt: string;
  id: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

/** Only what encodeCursor writes gets through to SQL: an id of letters and digits, a time as toISOString() writes it (4-digit years). */
const OWN_ID = /^[A-Za-z0-9]{1,64}$/;
const isOwnTime = (s: string) =>
  /^\d{4}-/.test(s) && !Number.isNaN(Date.parse(s)) && new Date(s).toISOString() === s;

function decodeCursor(token: string): Cursor {
  let c: Partial<Cursor> | undefined;
  try {
    c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {}
  if (
    typeof c?.createdAt !== 'string' ||
    typeof c.id !== 'string' ||
    !OWN_ID.test(c.id) ||
    !isOwnTime(c.createdAt)
  ) {
    throw new ValidationError('page_token', 'is not a token from a previous page');
  }
  return c as Cursor;
}

export class TypeOrmTransferQuery implements TransferQuery {
  constructor(private readonly dataSource: DataSource) {}

  async get(endToEndId: string): Promise<TransferRead | undefined> {
    const rows = await this.dataSource.query(`${READ_SELECT} WHERE id = $1`, [endToEndId]);
    return rows[0] && read(rows[0]);
  }

  async list(filter: TransferFilter, limit: number, cursor?: string): Promise<TransferPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.ispb) add((n) => `(debtor_ispb = ${n} OR creditor_ispb = ${n})`, filter.ispb);
    if (filter.status) add((n) => `status = ${n}`, filter.status);
    if (filter.createdFrom) add((n) => `created_at >= ${n}`, filter.createdFrom);
    if (filter.createdTo) add((n) => `created_at < ${n}`, filter.createdTo);
    if (filter.updatedBefore) add((n) => `updated_at < ${n}`, filter.updatedBefore);
    if (filter.reconciliationOnly) where.push('r.reason IS NOT NULL');
    const after = cursor ? decodeCursor(cursor) : undefined;
    if (after) {
      params.push(after.createdAt, after.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(limit + 1);
    const rows: (TransferRow & { refunded: string })[] = await this.dataSource.query(
      `${READ_SELECT}
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      transfers: page.map(read),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ createdAt: last.created_at.toISOString(), id: last.id })
          : undefined,
    };
  }
}
