/** Following a transfer by polling: the bank and hub APIs have no push, and polling is enough for a CLI. */

/** One party's view of a transfer at one moment. */
export interface Snapshot {
  status: string;
  /** When the party says the status was set; absent → when we saw it. */
  at?: string;
  /** The rejection reason, if any. */
  reason?: string;
}

/** A party to poll: `read` resolves undefined while the party does not know the transfer yet. */
export interface WatchSource {
  name: string;
  read(): Promise<Snapshot | undefined>;
}

export interface StatusChange {
  source: string;
  status: string;
  at: string;
  reason?: string;
  /** Milliseconds since the watch began, as observed here: orders changes across parties. */
  elapsedMs: number;
}

export interface WatchResult {
  latest: Record<string, Snapshot | undefined>;
  changes: StatusChange[];
  timedOut: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads every source each `intervalMs` (in parallel) and reports each status change once, in the order
 * seen, until `done(latest)` or `timeoutMs` passes. A read that fails fails the watch: an unreachable
 * bank is not something to wait out silently.
 */
export async function watch(opts: {
  sources: WatchSource[];
  done: (latest: Record<string, Snapshot | undefined>) => boolean;
  onChange?: (change: StatusChange) => void;
  intervalMs: number;
  timeoutMs: number;
  now?: () => number;
}): Promise<WatchResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const latest: Record<string, Snapshot | undefined> = {};
  const changes: StatusChange[] = [];
  for (;;) {
    const snapshots = await Promise.all(opts.sources.map((source) => source.read()));
    const elapsedMs = now() - started;
    opts.sources.forEach((source, i) => {
      const snapshot = snapshots[i];
      if (!snapshot || snapshot.status === latest[source.name]?.status) return;
      latest[source.name] = snapshot;
      const at = snapshot.at ?? new Date(started + elapsedMs).toISOString();
      const change: StatusChange = { source: source.name, status: snapshot.status, at, elapsedMs };
      if (snapshot.reason) change.reason = snapshot.reason;
      changes.push(change);
      opts.onChange?.(change);
    });
    if (opts.done(latest)) return { latest, changes, timedOut: false };
    const left = opts.timeoutMs - (now() - started);
    if (left <= 0) return { latest, changes, timedOut: true };
    await sleep(Math.min(opts.intervalMs, left));
  }
}
