import { type CpuSplit, cpuSnapshot, cpuSplit } from './cpu-split';
import { countErrors } from './customers';
import { percentile, phaseProgress } from './load';
import type { PhaseContext } from './transfer-phases';

/** Phase 2 of the transfer benchmark (and, at twice the capacity, phase 3): latency in an open loop. */

export interface LatencyResult {
  offeredPerSecond: number;
  seconds: number;
  sent: number;
  /** Accepted by a bank (202): the transfers whose outcome is measured. */
  accepted: number;
  /** Shed by a bank (429 BANK.BUSY): counted, not retried (the load is open loop). */
  shed: number;
  /** Not sent because too many requests were already outstanding (the load generator fell behind). */
  skipped: number;
  httpErrors: Record<string, number>;
  completed: number;
  rejected: Record<string, number>;
  /** Accepted by a bank but with no terminal state at the hub after the drain. */
  unfinished: number;
  /** From sending the request to the bank to the hub's completion time, over the completed transfers. */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /**
   * Where the time goes, p50 / p99 of each leg in ms: request (sent → stored pending at the hub: bank
   * HTTP, bank outbox, Kafka, hub), confirm (pending → confirmed: hub outbox, Kafka, creditor bank, Kafka,
   * hub) and complete (confirmed → completed: hub outbox, Kafka, debtor bank, Kafka, hub).
   */
  legs: Record<'request' | 'confirm' | 'complete', { p50Ms: number; p99Ms: number }>;
  /** The bank's answer (202) alone. */
  httpP50Ms: number;
  httpP99Ms: number;
  drainSeconds: number | null;
  cpu: CpuSplit;
}

const OUTSTANDING_MAX = 5000;

/** Open loop: one request every 1/rate s, whatever the answers do, for `seconds`. */
export async function latencyPhase(ctx: PhaseContext, rate: number, seconds: number): Promise<LatencyResult> {
  const total = Math.round(rate * seconds);
  const sentAt = new Map<string, number>();
  const httpMs: number[] = [];
  const httpErrors = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  let issued = 0;
  let skipped = 0;
  let shed = 0;
  const fire = () => {
    const at = Date.now();
    const t0 = process.hrtime.bigint();
    const p = ctx.send().then((outcome) => {
      httpMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (outcome.endToEndId) {
        ctx.accepted.total++;
        sentAt.set(outcome.endToEndId, at);
      } else if (outcome.shedRetryAfterMs !== undefined) shed++;
      else countErrors(httpErrors, outcome.error ?? 'unknown');
      inFlight.delete(p);
    });
    inFlight.add(p);
  };
  const cpuBefore = cpuSnapshot(ctx.processGroups());
  const start = Date.now();
  const progress = phaseProgress(ctx.log, {
    label: 'load',
    total,
    unit: 'sent',
    read: () => ({ value: issued, figures: { 'in flight': inFlight.size, 'not sent': skipped } }),
  });
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((Date.now() - start) * rate) / 1000) + 1);
      for (; issued < due; issued++) {
        if (inFlight.size >= OUTSTANDING_MAX) skipped++;
        else fire();
      }
      if (issued >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  progress.stop();
  const elapsed = (Date.now() - start) / 1000;
  const cpuAfter = cpuSnapshot(ctx.processGroups());
  await Promise.all(inFlight);
  const drainSeconds = await ctx.observer.drain(ctx.accepted.total, ctx.drainTimeoutMs);
  const outcomes = await ctx.observer.outcomes([...sentAt.keys()]);
  const latencies: number[] = [];
  const legs = { request: [] as number[], confirm: [] as number[], complete: [] as number[] };
  const rejected: Record<string, number> = {};
  let unfinished = 0;
  for (const [id, at] of sentAt) {
    const o = outcomes.get(id);
    if (o?.status === 'completed') {
      latencies.push(o.updatedMs - at);
      const { pending, confirmed, completed } = o.at;
      legs.request.push(pending - at);
      legs.confirm.push(confirmed - pending);
      legs.complete.push(completed - confirmed);
    } else if (o?.status === 'rejected')
      rejected[o.reason ?? 'unknown'] = (rejected[o.reason ?? 'unknown'] ?? 0) + 1;
    else unfinished++;
  }
  latencies.sort((a, b) => a - b);
  httpMs.sort((a, b) => a - b);
  const leg = (values: number[]) => {
    values.sort((a, b) => a - b);
    return { p50Ms: percentile(values, 0.5), p99Ms: percentile(values, 0.99) };
  };
  return {
    offeredPerSecond: (issued - skipped) / elapsed,
    seconds: elapsed,
    sent: issued - skipped,
    accepted: sentAt.size,
    shed,
    skipped,
    httpErrors: Object.fromEntries(httpErrors),
    completed: latencies.length,
    rejected,
    unfinished,
    p50Ms: percentile(latencies, 0.5),
    p90Ms: percentile(latencies, 0.9),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    legs: { request: leg(legs.request), confirm: leg(legs.confirm), complete: leg(legs.complete) },
    httpP50Ms: percentile(httpMs, 0.5),
    httpP99Ms: percentile(httpMs, 0.99),
    drainSeconds: drainSeconds ?? null,
    cpu: cpuSplit(cpuBefore, cpuAfter),
  };
}
