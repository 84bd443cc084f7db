/**
 * Group commit: jobs that arrive while a commit is in flight (a database transaction, an offset commit)
 * wait for it to end and then share the next one. Under load one commit (one WAL flush, one lock of each
 * hot row, one request to the broker) carries many jobs; at a trickle a job goes alone at once.
 *
 * At most `lanes_max` groups are in flight at once. With one lane the jobs of a process never wait on
 * each other's row locks across transactions, so they cannot deadlock among themselves; more lanes
 * overlap one group's database round trips with the next group's work, and are for jobs that take
 * their locks in one global order (the hub's prefetch). When a group fails, each of its
 * jobs is committed again on its own, so a job's error reaches that job's caller alone and the others
 * commit as if they had come alone. A job must therefore be safe to run again after a rollback.
 */
export class GroupCommit<J, R> {
  private queue: { job: J; resolve(result: R): void; reject(error: unknown): void }[] = [];
  private lanesBusy = 0;

  constructor(
    /** Commits the jobs together in one transaction and returns each one's result, in order. */
    private readonly commit: (jobs: J[]) => Promise<R[]>,
    /** Jobs per transaction at most: a group stays short enough to hold its locks briefly. */
    private readonly jobs_max = 500,
    /** Groups in flight at once (see above: more than one only for jobs that lock in one order). */
    private readonly lanes_max = 1,
  ) {}

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (this.lanesBusy < this.lanes_max) void this.drain();
    });
  }

  /** One lane: commits groups from the queue until it is empty. */
  private async drain(): Promise<void> {
    this.lanesBusy++;
    try {
      while (this.queue.length > 0) await this.commitGroup(this.queue.splice(0, this.jobs_max));
    } finally {
      this.lanesBusy--;
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
