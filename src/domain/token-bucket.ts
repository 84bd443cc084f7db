/**
 * The key directory's token buckets, as DICT runs them: a bucket holds at most `capacity` tokens and
 * gains `refillPerMinute` a minute, continuously (2 a minute is one every 30 s, so tokens are fractional
 * between lookups); a lookup takes tokens and a bucket without enough refuses it.
 */
export interface BucketLimits {
  capacity: number;
  refillPerMinute: number;
}

const MS_PER_MINUTE = 60_000;

/** The tokens a bucket holds `elapsedMs` after it held `tokens`: never more than its capacity. */
export function refilled(tokens: number, elapsedMs: number, limits: BucketLimits): number {
  // A clock that steps back (another instance's, a corrected one) adds nothing rather than taking tokens.
  return Math.min(
    limits.capacity,
    tokens + (Math.max(0, elapsedMs) * limits.refillPerMinute) / MS_PER_MINUTE,
  );
}

/** How long until a bucket holding `tokens` holds `need`: 0 when it already does, whole milliseconds. */
export function msUntil(tokens: number, need: number, limits: BucketLimits): number {
  assertLimits(limits, need);
  if (tokens >= need) return 0;
  return Math.ceil(((need - tokens) * MS_PER_MINUTE) / limits.refillPerMinute);
}

/**
 * How many tokens one hub instance leases from a shared bucket at a time: `fraction` of its capacity, at
 * least one and at most `max`, and never less than it needs now. Smaller leases keep every instance's
 * share tight; larger ones mean fewer database writes.
 */
export function leaseSize(limits: BucketLimits, need: number, fraction: number, max: number): number {
  return Math.max(need, Math.min(max, Math.max(1, Math.floor(limits.capacity * fraction))));
}

/**
 * Limits a bucket can work with: a whole, positive capacity that holds the dearest lookup, and a
 * positive refill (else an emptied bucket would stay empty for ever). A violation is a configuration bug.
 */
export function assertLimits(limits: BucketLimits, dearest: number): void {
  const { capacity, refillPerMinute } = limits;
  if (!Number.isSafeInteger(capacity) || capacity < dearest || !(refillPerMinute > 0)) {
    throw new Error(
      `bucket limits ${capacity}/${refillPerMinute} per minute cannot serve a lookup costing ${dearest}`,
    );
  }
}
