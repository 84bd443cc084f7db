import type { BucketLimits } from '../../domain';

/** A directory bucket: a bank's (by ISPB) or an end user's (by tax id). */
export type BucketId = `participant:${string}` | `end-user:${string}`;

/** Tokens to take from (or give back to) one bucket, with the limits it fills by. */
export interface BucketCharge {
  bucket: BucketId;
  limits: BucketLimits;
  tokens: number;
}

export type TakeOutcome =
  | { taken: true }
  /** Nothing was taken. `bucket` is the one that ran short; it holds enough again in `retryAfterMs`. */
  | { taken: false; bucket: BucketId; retryAfterMs: number };

export interface BucketState {
  /** Whole tokens the bucket holds now (refilled to this moment). */
  tokens: number;
  capacity: number;
  refillPerMinute: number;
}

/**
 * The directory's token buckets, shared by every hub instance: whatever the number of instances, a
 * bucket never lets more tokens be spent than it holds and gains.
 */
export interface LookupAllowance {
  /** Takes each charge's tokens from its bucket, all or none. */
  take(charges: readonly BucketCharge[]): Promise<TakeOutcome>;
  /** Returns tokens taken but not owed (a hit costs less than the reservation); never fails. */
  giveBack(charges: readonly BucketCharge[]): void;
  state(bucket: BucketId, limits: BucketLimits): Promise<BucketState>;
}
