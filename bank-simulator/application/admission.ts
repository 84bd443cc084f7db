import type { Clock } from './ports';

/** What the gate is configured with. */
export interface AdmissionLimits {
  /** The hub's TRANSFER_DEADLINE_MS: a transfer the bank accepts must be able to finish inside it. */
  transferDeadlineMs: number;
  /** BANK_MAX_IN_FLIGHT: never more outgoing transfers in flight than this, however fast they finish. */
  inFlightMax: number;
}

/** Either a place was taken for one more outgoing transfer, or the caller is told when to come back. */
export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/**
 * The longest a new transfer may expect to wait behind those in flight, as a share of the deadline.
 * A quarter leaves the rest of the deadline to the transfer's own legs (creditor bank, Kafka, hub) and
 * to the rate estimate being wrong for a while.
 */
const WAIT_DEADLINE_SHARE_MAX = 0.25;
/**
 * Up to this many in flight are always admitted (unless inFlightMax is lower): a cold start or a trickle
 * has no rate to speak of yet, and refusing it would keep it from ever measuring one.
 */
const IN_FLIGHT_FLOOR_MAX = 64;
/** Finishes older than this no longer count toward the rate: a few seconds follow a change quickly. */
const RATE_WINDOW_MS_MAX = 5_000;
/** Finishes are counted in buckets this wide, so the gate keeps at most 50 of them. */
const RATE_BUCKET_MS = 100;
/** Retry-After is whole seconds (RFC 9110); 0 would invite an immediate retry of a refused send. */
const RETRY_AFTER_S_MIN = 1;

/**
 * Admission control for this bank's outgoing transfers. It counts those in flight (accepted, not yet
 * final) and how fast they finish (completed or rejected, a moving average over RATE_WINDOW_MS_MAX). By
 * Little's law a new transfer would wait in_flight / rate; it is admitted while that stays within
 * WAIT_DEADLINE_SHARE_MAX of the deadline, always within the floor, never beyond inFlightMax. A refusal
 * says how long the excess takes to drain at the measured rate: the Retry-After of a 429.
 */
export class AdmissionGate {
  private inFlightNow: number;
  private readonly startedAtMs: number;
  /** [bucket start ms, finishes] oldest first; `finishesInWindow` is their sum. */
  private readonly buckets: [number, number][] = [];
  private finishesInWindow = 0;

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly clock: Clock,
    /** Outgoing transfers still pending in the bank's database when it starts. */
    inFlightAtStart: number,
  ) {
    if (!(limits.transferDeadlineMs > 0 && limits.inFlightMax >= 1))
      throw new Error(`admission limits out of range: ${JSON.stringify(limits)}`);
    if (!(Number.isSafeInteger(inFlightAtStart) && inFlightAtStart >= 0))
      throw new Error(`in flight at start must be a count, got ${inFlightAtStart}`);
    this.inFlightNow = inFlightAtStart;
    this.startedAtMs = clock.now().getTime();
  }

  get inFlight(): number {
    return this.inFlightNow;
  }

  /** Finishes per second over the last RATE_WINDOW_MS_MAX (or since the start, when that is shorter). */
  get ratePerSecond(): number {
    const now = this.clock.now().getTime();
    this.forget(now);
    const spanMs = Math.min(RATE_WINDOW_MS_MAX, Math.max(1_000, now - this.startedAtMs));
    return (this.finishesInWindow * 1000) / spanMs;
  }

  /** Takes a place for one more outgoing transfer; give it back with leave() if none is recorded. */
  enter(): Admission {
    const rate = this.ratePerSecond;
    const budgetS = (this.limits.transferDeadlineMs * WAIT_DEADLINE_SHARE_MAX) / 1000;
    const floor = Math.min(IN_FLIGHT_FLOOR_MAX, this.limits.inFlightMax);
    const limit = Math.min(this.limits.inFlightMax, Math.max(floor, Math.floor(rate * budgetS)));
    if (this.inFlightNow < limit) {
      this.inFlightNow++;
      return { admitted: true };
    }
    // Nothing finished lately: the measure says nothing of when it will; come back after the budget.
    const drainS = rate > 0 ? (this.inFlightNow - limit + 1) / rate : budgetS;
    return { admitted: false, retryAfterSeconds: Math.max(RETRY_AFTER_S_MIN, Math.ceil(drainS)) };
  }

  /** Gives back a place enter() took for a send that recorded nothing (refused, a replay, a failure). */
  leave(): void {
    if (this.inFlightNow <= 0) throw new Error('admission: leave() without a place taken');
    this.inFlightNow--;
  }

  /** The hub's final word (completed or rejected) was applied to `count` outgoing transfers. */
  finished(count: number): void {
    if (count <= 0) return;
    // Exact when seeded from the database before the consumer starts; never below zero regardless.
    this.inFlightNow = Math.max(0, this.inFlightNow - count);
    const now = this.clock.now().getTime();
    const bucket = now - (now % RATE_BUCKET_MS);
    const last = this.buckets[this.buckets.length - 1];
    if (last?.[0] === bucket) last[1] += count;
    else this.buckets.push([bucket, count]);
    this.finishesInWindow += count;
  }

  private forget(now: number): void {
    while (this.buckets.length > 0 && this.buckets[0][0] <= now - RATE_WINDOW_MS_MAX) {
      this.finishesInWindow -= (this.buckets.shift() as [number, number])[1];
    }
  }
}
