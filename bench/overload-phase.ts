import { formatSplit } from './cpu-split';
import { type LatencyResult, latencyPhase } from './transfer-latency-phase';
import type { PhaseContext } from './transfer-phases';

export interface OverloadResult {
  /** Twice what phase 1 completed per second: more than the system can finish. */
  offeredRatePerSecond: number;
  /** The hub's TRANSFER_DEADLINE_MS, which every accepted transfer must finish within. */
  deadlineMs: number;
  latency: LatencyResult;
  acceptedPerSecond: number;
  shedPerSecond: number;
  /** Every transfer a bank accepted completed, none later than the deadline after it was sent. */
  allAcceptedCompletedInTime: boolean;
}

/**
 * Phase 3, overload: open loop at `rate` (twice the measured capacity) for `seconds`. The banks should
 * shed what they cannot get finished in time (429 BANK.BUSY, not retried here) and finish everything
 * they accepted: no DEADLINE_EXCEEDED, nothing unfinished.
 */
export async function overloadPhase(
  ctx: PhaseContext,
  rate: number,
  seconds: number,
  deadlineMs: number,
): Promise<OverloadResult> {
  const latency = await latencyPhase(ctx, rate, seconds);
  const allAcceptedCompletedInTime = latency.completed === latency.accepted && !(latency.maxMs > deadlineMs);
  return {
    offeredRatePerSecond: rate,
    deadlineMs,
    latency,
    acceptedPerSecond: latency.accepted / latency.seconds,
    shedPerSecond: latency.shed / latency.seconds,
    allAcceptedCompletedInTime,
  };
}

export function describeOverload(r: OverloadResult): string {
  const l = r.latency;
  const errors = Object.values(l.httpErrors).reduce((a, b) => a + b, 0);
  const verdict = r.allAcceptedCompletedInTime ? 'met' : 'NOT met';
  return (
    `offered ${l.offeredPerSecond.toFixed(0)}/s (asked for ${r.offeredRatePerSecond.toFixed(0)}/s, not sent ${l.skipped}), ` +
    `accepted ${r.acceptedPerSecond.toFixed(0)}/s, shed (429) ${r.shedPerSecond.toFixed(0)}/s, ` +
    `HTTP errors ${errors} ${JSON.stringify(l.httpErrors)}\n` +
    `      completed ${l.completed} / ${l.accepted} accepted, rejected ${JSON.stringify(l.rejected)} ` +
    `(expected: no DEADLINE_EXCEEDED), unfinished ${l.unfinished}\n` +
    `      request → completed of the accepted: p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms, ` +
    `max ${l.maxMs.toFixed(1)} ms; drained in ${l.drainSeconds ?? 'NOT DRAINED'} s\n` +
    `      every accepted transfer completed within its deadline (${r.deadlineMs / 1000} s): ${verdict}\n` +
    `      CPU: ${formatSplit(l.cpu)}`
  );
}
