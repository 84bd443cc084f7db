/**
 * Group commit: jobs that arrive while a commit is in flight (a database transaction, an offset commit)
 * wait for it to end and then share the next one. Under load one commit (one WAL flush, one lock of each
 * hot row, one request to the broker) carries many jobs; at a trickle a job goes alone at once.
 *
 * One group is in flight at a time per GroupCommit: the jobs of a process never wait on each other's row
 * locks across transactions, so they cannot deadlock among themselves. When a group fails, each of its
 * jobs is committed again on its own, so a job's error reaches that job's caller alone and the others
 * commit as if they had come alone. A job must therefore be safe to run again after a rollback.
 */
export class GroupCommit<J, R> {
  private queue: { job: J; resolve(result: R): void; reject(error: unknown): void }[] = [];
  private flushing = false;

  constructor(
    /** Commits the jobs together in one transaction and returns each one's result, in order. */
    private readonly commit: (jobs: J[]) => Promise<R[]>,
    /** Jobs per transaction at most: a group stays short enough to hold its locks briefly. */
    private readonly jobs_max = 500,
  ) {}

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) await this.commitGroup(this.queue.splice(0, this.jobs_max));
    } finally {
      this.flushing = false;
    }
  }

  private async commitGroup(group: GroupCommit<J, R>['queue']): Promise<void> {
    let results: R[] | undefined;
    try {
      results = await this.commit(group.map((g) => g.job));
    } catch (error) {
      if (group.length === 1) return group[0]?.reject(error);
    }
    if (results) {
      const bug = results.length !== group.length && new Error('a group commit must return a result per job');
      for (const [i, g] of group.entries()) bug ? g.reject(bug) : g.resolve(results[i] as R);
      return;
    }
    for (const one of group) {
      await this.commit([one.job]).then(([result]) => one.resolve(result as R), one.reject);
    }
  }
}
