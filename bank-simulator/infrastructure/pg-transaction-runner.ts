import type { DataSource, EntityManager } from 'typeorm';
import { claimDeadLetters } from '../../lib/messaging/dead-letter';
import { claimInbox } from '../../lib/messaging/inbox';
import type { OutboxMessage } from '../../lib/messaging/outbox';
import type { TopicNames } from '../../lib/messaging/topics';
import { type RunnableUnitOfWork, TransactionRunner } from '../../lib/messaging/transaction-runner';
import { Money } from '../../src/domain';
import type { BankStore, BankTransactionRunner, BankUnitOfWork, LedgerSummary } from '../application/ports';
import type { BankTransfer } from '../domain';
import { type BankChange, noteChanges } from './change-feed';
import type { DeferredWrite } from './deferred-write';
import { pgAccounts } from './pg-accounts';
import { pgCharges } from './pg-charges';
import { pgClaims } from './pg-claims';
import { pgCustomers } from './pg-customers';
import { pgTransfers } from './pg-transfers';
import { toOutboxMessage } from './proto-mapping';

/** One statement, so the five sums come from one snapshot. */
const SUMMARY_SQL = `
  SELECT
    (SELECT coalesce(sum(balance), 0) FROM accounts)::text AS total_balance,
    (SELECT coalesce(sum(held), 0) FROM accounts)::text AS total_held,
    (SELECT coalesce(sum(amount), 0) FROM statement_entries WHERE kind = 'deposit')::text AS total_deposits,
    (SELECT coalesce(sum(amount), 0) FROM transfers
      WHERE status = 'pending' AND direction = 'outgoing')::text AS open_outgoing,
    (SELECT coalesce(sum(amount), 0) FROM transfers
      WHERE status = 'pending' AND direction = 'incoming')::text AS open_incoming`;

function store(db: EntityManager, write?: DeferredWrite): BankStore {
  return {
    accounts: pgAccounts(db, write),
    customers: pgCustomers(db),
    transfers: pgTransfers(db, write),
    charges: pgCharges(db, write),
    claims: pgClaims(db, write),
    summary: async (): Promise<LedgerSummary> => {
      const [row] = await db.query(SUMMARY_SQL);
      return {
        totalBalance: Money.fromCents(row.total_balance),
        totalHeld: Money.fromCents(row.total_held),
        totalDeposits: Money.fromCents(row.total_deposits),
        openOutgoing: Money.fromCents(row.open_outgoing),
        openIncoming: Money.fromCents(row.open_incoming),
      };
    },
  };
}

export interface PgBankTransactionRunnerOptions {
  dataSource: DataSource;
  ispb: string;
  topics: TopicNames;
  /** Called after a commit that wrote to the outbox: the relay publishes at once instead of at its next poll. */
  afterOutboxCommit(): void;
  /** Told, once a unit of work has committed, of the transfer records it wrote (for the metrics). */
  written?(records: readonly BankTransfer[]): void;
  /** Told, after each commit, of the transfers and claims its unit of work wrote (the live stream's feed). */
  afterCommit?(changes: readonly BankChange[]): void;
}

type Work = BankUnitOfWork & RunnableUnitOfWork & { changes: BankChange[] };

/**
 * The bank's units of work on the shared TransactionRunner (READ COMMITTED; the conditional updates and
 * row locks suffice), group-committed: the sends, deposits and message batches that arrive while a
 * transaction is in flight share the next one. Under load that is one commit and one connection for
 * many units of work, so HTTP sends neither queue for the pool behind each other nor starve the
 * consumer of connections. A unit of work's plain writes (statement, balances, transfer states,
 * outbox) go in one statement when its work is done, before the next work of its group runs.
 */
export class PgBankTransactionRunner implements BankTransactionRunner {
  private readonly runner: TransactionRunner<Work>;

  constructor(private readonly opts: PgBankTransactionRunnerOptions) {
    const { ispb, topics } = opts;
    this.runner = new TransactionRunner({
      dataSource: opts.dataSource,
      origin: ispb,
      groupCommit: true,
      wake: opts.afterOutboxCommit,
      committed: (uow) => {
        opts.written?.(uow.changes.flatMap((c) => (c.kind === 'transfer' ? [c.transfer] : [])));
        opts.afterCommit?.(uow.changes);
      },
      unitOfWork: (db, writes) => {
        const outbox: OutboxMessage[] = [];
        const changes: BankChange[] = [];
        const defer: DeferredWrite = async (sql, params) => writes.add(sql, params);
        return {
          ...noteChanges(store(db, defer), changes),
          changes,
          outbox,
          flush: async () => {},
          claimInbox: (messages) => claimInbox(db, messages),
          appendOutbox: async (messages) => {
            // Dead letters are recorded by where they were read, so a redelivery writes none twice.
            const dead = messages.flatMap((m) => (m.kind === 'dead-letter' ? [m] : []));
            const rest = messages.filter((m) => m.kind !== 'dead-letter');
            outbox.push(...rest.map((m) => toOutboxMessage(m, ispb, topics)));
            const letters = dead.map((d) => ({ message: d.original, reason: d.reason }));
            outbox.push(...(await claimDeadLetters(db, topics, letters)));
          },
        };
      },
    });
  }

  run<T>(work: (tx: BankUnitOfWork) => Promise<T>): Promise<T> {
    return this.runner.run(work);
  }

  read<T>(work: (store: BankStore) => Promise<T>): Promise<T> {
    return work(store(this.opts.dataSource.manager));
  }
}
