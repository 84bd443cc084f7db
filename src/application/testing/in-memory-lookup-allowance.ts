import { type BucketLimits, msUntil, refilled } from '../../domain';
import type { Clock } from '../ports/clock';
import type {
  BucketCharge,
  BucketId,
  BucketState,
  LookupAllowance,
  TakeOutcome,
} from '../ports/lookup-allowance';

/**
 * The lookup buckets as one exact store on the test clock: what the leasing adapter must add up to when
 * every instance's leases are counted. A bucket never seen is full.
 */
export class InMemoryLookupAllowance implements LookupAllowance {
  private readonly levels = new Map<BucketId, { tokens: number; at: number }>();

  constructor(private readonly clock: Clock) {}

  async take(charges: readonly BucketCharge[]): Promise<TakeOutcome> {
    for (const c of charges) {
      const tokens = this.tokens(c.bucket, c.limits);
      if (tokens < c.tokens) {
        return { taken: false, bucket: c.bucket, retryAfterMs: msUntil(tokens, c.tokens, c.limits) };
      }
    }
    for (const c of charges) this.set(c.bucket, this.tokens(c.bucket, c.limits) - c.tokens);
    return { taken: true };
  }

  giveBack(charges: readonly BucketCharge[]): void {
    for (const c of charges) {
      this.set(c.bucket, Math.min(c.limits.capacity, this.tokens(c.bucket, c.limits) + c.tokens));
    }
  }

  async state(bucket: BucketId, limits: BucketLimits): Promise<BucketState> {
    return { tokens: Math.floor(this.tokens(bucket, limits)), ...limits };
  }

  /** The bucket's exact content now, fractions included. */
  tokens(bucket: BucketId, limits: BucketLimits): number {
    const level = this.levels.get(bucket);
    if (!level) return limits.capacity;
    return refilled(level.tokens, this.clock.now().getTime() - level.at, limits);
  }

  private set(bucket: BucketId, tokens: number): void {
    if (tokens < 0) throw new Error(`bucket ${bucket} would hold ${tokens} tokens`);
    this.levels.set(bucket, { tokens, at: this.clock.now().getTime() });
  }
}
