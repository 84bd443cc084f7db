import type { DataSource, EntityManager } from 'typeorm';
import { GroupCommit } from '../persistence/group-commit';
import { Writes } from '../persistence/writes';
import { addToOutbox, type OutboxMessage } from './outbox';

/** What the runner needs of a unit of work; the use cases see it through their own port. */
export interface RunnableUnitOfWork {
  /**
   * Adds what the unit of work still holds to `writes`, which the runner sends with the outbox rows in
   * as few statements as it can. A statement whose result the unit of work reads runs here, before.
   */
  flush(writes: Writes): Promise<void>;
  /** The messages to publish once the transaction commits (dead letters included). */
  readonly outbox: readonly OutboxMessage[];
}

export interface TransactionRunnerOptions<U extends RunnableUnitOfWork> {
  dataSource: DataSource;
  /** Who the outbox rows are from (`codepix-origin`): `hub`, or the bank's ISPB. */
  origin: string;
  /** A fresh unit of work over the transaction; what it buffers as plain writes may go into `writes`. */
  unitOfWork(manager: EntityManager, writes: Writes): U;
  /** Told after a commit that wrote to the outbox: the publisher sends at once instead of at its next poll. */
  wake(): void;
  /** Told of each unit of work once it has committed: what it raised, moved, dead-lettered. */
  committed?(uow: U): void;
  /**
   * Units of work that arrive while a transaction is in flight share the next one (GroupCommit), each
   * flushed before the next runs so it sees their writes. Only for one process's own work that cannot
   * lock rows against another process in another order (a bank's); otherwise one transaction each.
   */
  groupCommit?: boolean;
}

type Job = (manager: EntityManager) => Promise<unknown>;

/**
 * Every write path runs its use cases here, in one order: begin a database transaction, open a unit of
 * work, run the work, flush what it buffered with its outbox rows, commit; then wake the outbox
 * publisher and report what the unit of work did. Nothing is reported, and nothing published, for work
 * that rolled back. A work may be run again after a rollback (group commit retries a failed group's
 * jobs alone), so it must do nothing outside its unit of work.
 */
export class TransactionRunner<U extends RunnableUnitOfWork> {
  private readonly lane?: GroupCommit<Job, unknown>;

  constructor(private readonly opts: TransactionRunnerOptions<U>) {
    if (opts.groupCommit) {
      this.lane = new GroupCommit((jobs) =>
        opts.dataSource.transaction(async (manager) => {
          const results: unknown[] = [];
          for (const job of jobs) results.push(await job(manager));
          return results;
        }),
      );
    }
  }

  async run<T>(work: (uow: U) => Promise<T>): Promise<T> {
    const job = async (manager: EntityManager) => {
      const writes = new Writes();
      const uow = this.opts.unitOfWork(manager, writes);
      const result = await work(uow);
      await uow.flush(writes);
      addToOutbox(writes, this.opts.origin, uow.outbox);
      await writes.run(manager);
      return { uow, result };
    };
    const { uow, result } = (await (this.lane
      ? this.lane.submit(job)
      : this.opts.dataSource.transaction(job))) as Awaited<ReturnType<typeof job>>;
    if (uow.outbox.length > 0) this.opts.wake();
    this.opts.committed?.(uow);
    return result;
  }

  /** A use case as a request/response door calls it: each `execute(input)` in a unit of work of its own. */
  bind<I, O>(useCase: { execute(uow: U, input: I): Promise<O> }): { execute(input: I): Promise<O> } {
    return { execute: (input) => this.run((uow) => useCase.execute(uow, input)) };
  }
}
