import { type CpuSplit, cpuSnapshot, cpuSplit, formatSplit } from './cpu-split';
import type { HeardOutcome, KafkaBanks } from './kafka-banks';
import { percentile, perSecondSince, phaseProgress, phaseWindow } from './load';
import type { Observer } from './observer';

export interface HubPhaseContext {
  banks: KafkaBanks;
  observer: Observer;
  processGroups: () => Map<number, string>;
  /** Requests the hub stores (all sent but those it refused), over all phases: what a drain waits for. */
  stored: { total: number };
  /** Completions heard, over all phases: checked against the hub's database at the end. */
  heard: { completed: number };
  drainTimeoutMs: number;
  log: (line: string) => void;
}

export interface HubThroughputResult {
  concurrency: number;
  seconds: number;
  /** Completed as the banks heard it (debtor heard CONFIRMED, its COMPLETED ack sent) in the window. */
  completed: number;
  completedPerSecond: number;
  /** Completed at the hub (its completion time) in the window, from its database. */
  completedAtHub: number;
  completedAtHubPerSecond: number;
  rejected: Record<string, number>;
  /** Transfers still without an outcome when the phase gave up waiting for them. */
  unanswered: number;
  /** Heard latency (request queued → ack sent) of the transfers completed in the window. */
  p50Ms: number;
  p99Ms: number;
  drainSeconds: number | null;
  cpu: CpuSplit;
}

export interface HubLatencyResult {
  offeredPerSecond: number;
  seconds: number;
  sent: number;
  /** Not sent because too many transfers were outstanding (the load generator fell behind). */
  skipped: number;
  completed: number;
  rejected: Record<string, number>;
  unanswered: number;
  /** Request queued at the debtor → completed at the hub (its completion time), over completed transfers. */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Request queued → the debtor's COMPLETED ack at the broker: what the banks see. */
  heardP50Ms: number;
  heardP99Ms: number;
  drainSeconds: number | null;
  cpu: CpuSplit;
}

const OUTSTANDING_MAX = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tallies an outcome into the run's counters and the phase's rejections. */
function tally(ctx: HubPhaseContext, o: HeardOutcome, rejected: Record<string, number>): void {
  if (o.status === 'completed') ctx.heard.completed++;
  else {
    const reason = `${o.status}: ${o.reason ?? 'unknown'}`;
    rejected[reason] = (rejected[reason] ?? 0) + 1;
  }
}

/** Waits for `work` at most `ms`; true when it finished. */
const within = (work: Promise<unknown>, ms: number) =>
  Promise.race([work.then(() => true), sleep(ms).then(() => false)]);

/** Closed loop: `concurrency` transfers always in flight for `seconds`, counted as the banks hear them. */
export async function hubThroughputPhase(
  ctx: HubPhaseContext,
  concurrency: number,
  seconds: number,
): Promise<HubThroughputResult> {
  const rejected: Record<string, number> = {};
  const latencies: number[] = [];
  const cpuBefore = cpuSnapshot(ctx.processGroups());
  let cpuAfter = cpuBefore;
  const start = Date.now();
  const end = start + seconds * 1000;
  const endTimer = setTimeout(() => {
    cpuAfter = cpuSnapshot(ctx.processGroups());
  }, end - start);
  const progress = phaseProgress(
    ctx.log,
    phaseWindow(start, seconds, () => ({
      'completed/s': perSecondSince(latencies.length, start),
      'in flight': ctx.banks.outstanding,
    })),
  );
  const worker = async () => {
    while (Date.now() < end) {
      ctx.stored.total++;
      const outcome = await ctx.banks.send();
      if (outcome.status === 'refused') ctx.stored.total--;
      tally(ctx, outcome, rejected);
      if (outcome.status === 'completed' && outcome.doneAt < end)
        latencies.push(outcome.doneAt - outcome.sentAt);
    }
  };
  const workers = Promise.all(Array.from({ length: concurrency }, worker));
  await sleep(end - Date.now());
  progress.stop();
  await within(workers, ctx.drainTimeoutMs);
  clearTimeout(endTimer);
  if (cpuAfter === cpuBefore) cpuAfter = cpuSnapshot(ctx.processGroups());
  const unanswered = ctx.banks.outstanding;
  const atHub = await ctx.observer.settledBetween(start, end);
  const drainSeconds = await ctx.observer.drain(ctx.stored.total, ctx.drainTimeoutMs);
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    seconds,
    completed: latencies.length,
    completedPerSecond: latencies.length / seconds,
    completedAtHub: atHub.completed,
    completedAtHubPerSecond: atHub.completed / seconds,
    rejected,
    unanswered,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    drainSeconds: drainSeconds ?? null,
    cpu: cpuSplit(cpuBefore, cpuAfter),
  };
}

export function describeHubThroughput(r: HubThroughputResult): string {
  const rejected = Object.values(r.rejected).reduce((a, b) => a + b, 0);
  return (
    `${r.concurrency} in flight, ${r.seconds} s: ${r.completedPerSecond.toFixed(0)} completed/s heard by the banks ` +
    `(${r.completedAtHubPerSecond.toFixed(0)}/s by the hub's clock), heard p50 ${r.p50Ms.toFixed(1)} ms, ` +
    `p99 ${r.p99Ms.toFixed(1)} ms, rejected ${rejected}, unanswered ${r.unanswered}, ` +
    `drained in ${r.drainSeconds ?? 'NOT DRAINED'} s\n      CPU: ${formatSplit(r.cpu)}`
  );
}

/** Open loop: one transfer every 1/rate s, whatever the answers do, for `seconds`. */
export async function hubLatencyPhase(
  ctx: HubPhaseContext,
  rate: number,
  seconds: number,
): Promise<HubLatencyResult> {
  const total = Math.round(rate * seconds);
  const outcomes: Promise<HeardOutcome>[] = [];
  const rejected: Record<string, number> = {};
  let issued = 0;
  let skipped = 0;
  const cpuBefore = cpuSnapshot(ctx.processGroups());
  const start = Date.now();
  const progress = phaseProgress(ctx.log, {
    label: 'load',
    total,
    unit: 'sent',
    read: () => ({ value: issued, figures: { 'in flight': ctx.banks.outstanding, 'not sent': skipped } }),
  });
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((Date.now() - start) * rate) / 1000) + 1);
      for (; issued < due; issued++) {
        if (ctx.banks.outstanding >= OUTSTANDING_MAX) skipped++;
        else {
          ctx.stored.total++;
          outcomes.push(ctx.banks.send());
        }
      }
      if (issued >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  progress.stop();
  const elapsed = (Date.now() - start) / 1000;
  const cpuAfter = cpuSnapshot(ctx.processGroups());
  const heard: HeardOutcome[] = [];
  for (const p of outcomes) void p.then((o) => heard.push(o));
  await within(Promise.all(outcomes), ctx.drainTimeoutMs);
  for (const o of heard) {
    if (o.status === 'refused') ctx.stored.total--;
    tally(ctx, o, rejected);
  }
  const unanswered = outcomes.length - heard.length;
  const drainSeconds = await ctx.observer.drain(ctx.stored.total, ctx.drainTimeoutMs);
  const completed = heard.filter((o) => o.status === 'completed');
  const atHub = await ctx.observer.outcomes(completed.map((o) => o.endToEndId));
  const latencies: number[] = [];
  for (const o of completed) {
    const hub = atHub.get(o.endToEndId);
    if (hub?.status === 'completed') latencies.push(hub.updatedMs - o.sentAt);
  }
  const heardMs = completed.map((o) => o.doneAt - o.sentAt);
  latencies.sort((a, b) => a - b);
  heardMs.sort((a, b) => a - b);
  return {
    offeredPerSecond: outcomes.length / elapsed,
    seconds: elapsed,
    sent: outcomes.length,
    skipped,
    completed: completed.length,
    rejected,
    unanswered,
    p50Ms: percentile(latencies, 0.5),
    p90Ms: percentile(latencies, 0.9),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    heardP50Ms: percentile(heardMs, 0.5),
    heardP99Ms: percentile(heardMs, 0.99),
    drainSeconds: drainSeconds ?? null,
    cpu: cpuSplit(cpuBefore, cpuAfter),
  };
}
