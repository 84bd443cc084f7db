import { type CpuSplit, cpuSnapshot, cpuSplit, formatSplit } from './cpu-split';
import { countErrors, type SendOutcome } from './customers';
import { perSecondSince, phaseProgress, phaseWindow } from './load';
import type { Observer } from './observer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export interface PhaseContext {
  send: () => Promise<SendOutcome>;
  observer: Observer;
  /** Processes to attribute CPU to (see cpuSnapshot). */
  processGroups: () => Map<number, string>;
  /** Every transfer the banks have accepted so far, over all phases: the drain waits for all of them. */
  accepted: { total: number };
  drainTimeoutMs: number;
  log: (line: string) => void;
}

export interface ThroughputResult {
  concurrency: number;
  seconds: number;
  /** Accepted by the banks (HTTP 202) while the window was open. */
  acceptedPerSecond: number;
  /** Completed at the hub, by the hub's completion time, inside the window. */
  completed: number;
  completedPerSecond: number;
  /** Rejected at the hub inside the window, by reason. */
  rejected: Record<string, number>;
  httpErrors: Record<string, number>;
  /** Sends the banks shed (429 BANK.BUSY); the worker then waited the Retry-After. */
  shed: number;
  /** At the end of the window: accepted by a bank, not yet terminal at the hub (or not yet there). */
  backlogAtEnd: number;
  drainSeconds: number | null;
  /** Completions per second at the hub, from the start of the window to the end of the drain. */
  timeline: number[];
  cpu: CpuSplit;
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

/** Closed loop: `concurrency` POST /transfers always in flight for `seconds`; counted at the hub. */
export async function throughputPhase(
  ctx: PhaseContext,
  concurrency: number,
  seconds: number,
): Promise<ThroughputResult> {
  const httpErrors = new Map<string, number>();
  let acceptedInWindow = 0;
  let shed = 0;
  const cpuBefore = cpuSnapshot(ctx.processGroups());
  const start = Date.now();
  const end = start + seconds * 1000;
  let cpuAfter = cpuBefore;
  const endTimer = setTimeout(() => {
    cpuAfter = cpuSnapshot(ctx.processGroups());
  }, end - start);
  // A query of the hub's database: every 5 s, not at every redraw of the progress bar.
  let behindBanks: number | undefined;
  const backlog = setInterval(async () => {
    const hub = await ctx.observer.hubCounts().catch(() => undefined);
    behindBanks = hub && hub.open + (ctx.accepted.total - hub.total);
  }, 5000);
  const progress = phaseProgress(
    ctx.log,
    phaseWindow(start, seconds, () => ({
      'accepted/s': perSecondSince(acceptedInWindow, start),
      'in flight behind the banks': behindBanks ?? '-',
    })),
  );
  const worker = async () => {
    while (Date.now() < end) {
      const outcome = await ctx.send();
      if (outcome.endToEndId) {
        ctx.accepted.total++;
        if (Date.now() < end) acceptedInWindow++;
      } else if (outcome.shedRetryAfterMs !== undefined) {
        shed++;
        await sleep(Math.min(outcome.shedRetryAfterMs, end - Date.now()));
      } else countErrors(httpErrors, outcome.error ?? 'unknown');
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    progress.stop();
    clearInterval(backlog);
  }
  clearTimeout(endTimer);
  if (cpuAfter === cpuBefore) cpuAfter = cpuSnapshot(ctx.processGroups());
  const hub = await ctx.observer.hubCounts();
  const backlogAtEnd = hub.open + (ctx.accepted.total - hub.total);
  const settled = await ctx.observer.settledBetween(start, end);
  const drainSeconds = await ctx.observer.drain(ctx.accepted.total, ctx.drainTimeoutMs);
  const timeline = await ctx.observer.completionsPerSecond(start);
  return {
    concurrency,
    seconds,
    acceptedPerSecond: acceptedInWindow / seconds,
    completed: settled.completed,
    completedPerSecond: settled.completed / seconds,
    rejected: settled.rejected,
    httpErrors: Object.fromEntries(httpErrors),
    shed,
    backlogAtEnd,
    drainSeconds: drainSeconds ?? null,
    timeline,
    cpu: cpuSplit(cpuBefore, cpuAfter),
  };
}

export function describeThroughput(r: ThroughputResult): string {
  return (
    `${r.concurrency} in flight, ${r.seconds} s: ${r.completedPerSecond.toFixed(0)} completed/s at the hub ` +
    `(accepted ${r.acceptedPerSecond.toFixed(0)}/s), rejected ${sum(r.rejected)}, HTTP errors ${sum(r.httpErrors)}, shed (429) ${r.shed}, ` +
    `backlog at end ${r.backlogAtEnd}, drained in ${r.drainSeconds ?? 'NOT DRAINED'} s\n` +
    `      completed per second: ${r.timeline.join(' ')}\n      CPU: ${formatSplit(r.cpu)}`
  );
}
