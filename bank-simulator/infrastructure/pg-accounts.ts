import type { EntityManager } from 'typeorm';
import { type AccountType, Money, parseTaxId } from '../../src/domain';
import type { AccountRepository } from '../application/ports';
import { type AccountStatus, CustomerAccount, type StatementEntry, type StatementKind } from '../domain';
import { type DeferredWrite, immediate } from './deferred-write';

export interface AccountRow {
  number: string;
  branch: string;
  type: AccountType;
  owner_name: string;
  owner_tax_id: string;
  status: AccountStatus;
  balance: string;
  held: string;
  created_at: Date;
}

interface EntryRow {
  account_number: string;
  kind: StatementKind;
  amount: string;
  end_to_end_id: string | null;
  balance_after: string;
  at: Date;
}

export const toAccount = (row: AccountRow) =>
  CustomerAccount.restore({
    number: row.number,
    branch: row.branch,
    type: row.type,
    ownerName: row.owner_name,
    ownerTaxId: parseTaxId(row.owner_tax_id),
    status: row.status,
    balance: Money.fromCents(row.balance),
    held: Money.fromCents(row.held),
    createdAt: row.created_at,
  });

const toEntry = (row: EntryRow): StatementEntry => ({
  account: row.account_number,
  kind: row.kind,
  amount: Money.fromCents(row.amount),
  endToEndId: row.end_to_end_id ?? undefined,
  balanceAfter: Money.fromCents(row.balance_after),
  at: row.at,
});

/** Accounts and statements in raw SQL; bulk writes go through unnest so a batch costs one statement. */
export function pgAccounts(db: EntityManager, write: DeferredWrite = immediate(db)): AccountRepository {
  return {
    nextNumber: async () => (await db.query(`SELECT nextval('account_numbers')::text AS n`))[0].n,

    insert: async (account) => {
      const a = account.props;
      await db.query(
        `INSERT INTO accounts (number, branch, type, owner_name, owner_tax_id, status, balance, held, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          a.number,
          a.branch,
          a.type,
          a.ownerName,
          a.ownerTaxId.value,
          a.status,
          a.balance.cents,
          a.held.cents,
          a.createdAt,
        ],
      );
    },

    find: async (number) => {
      const rows: AccountRow[] = await db.query('SELECT * FROM accounts WHERE number = $1', [number]);
      return rows[0] && toAccount(rows[0]);
    },

    list: async () => (await db.query('SELECT * FROM accounts ORDER BY created_at, number')).map(toAccount),

    // Served by ix_accounts_owner.
    listOwnedBy: async (taxId) =>
      (await db.query('SELECT * FROM accounts WHERE owner_tax_id = $1 ORDER BY number', [taxId])).map(
        toAccount,
      ),

    lock: async (numbers) => {
      if (numbers.length === 0) return new Map();
      const rows: AccountRow[] = await db.query(
        'SELECT * FROM accounts WHERE number = ANY($1::varchar[]) ORDER BY number FOR UPDATE',
        [numbers],
      );
      return new Map(rows.map((row) => [row.number, toAccount(row)]));
    },

    save: async (changes) => {
      if (changes.length === 0) return;
      const delta = (pick: (a: CustomerAccount) => Money) =>
        changes.map((c) => (pick(c.after).cents - pick(c.before).cents).toString());
      await write(
        `UPDATE accounts a SET balance = a.balance + v.balance, held = a.held + v.held, status = v.status
         FROM unnest($1::varchar[], $2::bigint[], $3::bigint[], $4::varchar[]) AS v(number, balance, held, status)
         WHERE a.number = v.number`,
        [
          changes.map((c) => c.after.number),
          delta((a) => a.props.balance),
          delta((a) => a.props.held),
          changes.map((c) => c.after.props.status),
        ],
      );
    },

    appendStatement: async (entries) => {
      if (entries.length === 0) return;
      await write(
        `INSERT INTO statement_entries (account_number, kind, amount, end_to_end_id, balance_after, at)
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::bigint[], $4::char(32)[], $5::bigint[], $6::timestamptz[])`,
        [
          entries.map((e) => e.account),
          entries.map((e) => e.kind),
          entries.map((e) => e.amount.cents.toString()),
          entries.map((e) => e.endToEndId ?? null),
          entries.map((e) => e.balanceAfter.cents.toString()),
          entries.map((e) => e.at),
        ],
      );
    },

    statement: async (number) =>
      (await db.query('SELECT * FROM statement_entries WHERE account_number = $1 ORDER BY id', [number])).map(
        toEntry,
      ),
  };
}
