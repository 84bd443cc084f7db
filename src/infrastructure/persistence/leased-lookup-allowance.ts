import type { Logger } from '../../../lib/observability/logger';
import type {
  BucketCharge,
  BucketId,
  BucketState,
  LookupAllowance,
  TakeOutcome,
} from '../../application/ports/lookup-allowance';
import { type BucketLimits, leaseSize, msUntil } from '../../domain';
import type { ReturnedTokens, SharedBuckets } from './postgres-lookup-buckets';

export interface LeaseOptions {
  /** Share of a bucket's capacity leased at a time (0.02 = 2 %). */
  fraction: number;
  /** The most tokens one lease takes, however large the bucket. */
  max: number;
}

/** Tokens this instance leased from one shared bucket and has not spent. */
interface Held {
  tokens: number;
  lastUsedMs: number;
  /** The lease in flight: requests short of tokens wait on it rather than each writing to the database. */
  leasing?: Promise<void>;
  /** After a refused lease, the shared bucket holds too little until then: refuse without asking it. */
  refusedUntilMs?: number;
}

/** A bucket untouched this long gives its unspent tokens back, so no instance sits on another's share. */
export const IDLE_MS_MAX = 30_000;
const SWEEP_EVERY_MS = 5_000;
/** Full rows are looked for every 12th sweep (a minute): it scans the table. */
const FORGET_FULL_EVERY = 12;
/** Rows of full buckets deleted at a time: enough to keep up, small enough to stay a short statement. */
const FORGET_FULL_MAX = 1_000;

/**
 * The LookupAllowance of one hub instance over buckets shared in Postgres. A lookup spends tokens this
 * instance leased earlier, in memory; only when they run short does it lease more, min(lease, available)
 * in one locked row update. Every token spent was first taken from the shared bucket, so however many
 * instances there are, together they spend no more than it allowed. Unspent tokens go back when a bucket
 * goes idle and when the instance stops.
 */
export class LeasedLookupAllowance implements LookupAllowance {
  private readonly held = new Map<BucketId, Held>();
  private sweeper?: NodeJS.Timeout;
  private sweeps = 0;

  constructor(
    private readonly shared: SharedBuckets,
    private readonly lease: LeaseOptions,
    private readonly logger: Logger,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async take(charges: readonly BucketCharge[]): Promise<TakeOutcome> {
    for (;;) {
      const short = charges.find((c) => this.holding(c.bucket).tokens < c.tokens);
      if (!short) break;
      const refused = await this.topUp(short);
      if (refused) return refused;
    }
    const now = this.nowMs();
    for (const c of charges) {
      const held = this.holding(c.bucket);
      held.tokens -= c.tokens;
      held.lastUsedMs = now;
    }
    return { taken: true };
  }

  giveBack(charges: readonly BucketCharge[]): void {
    for (const c of charges) this.holding(c.bucket).tokens += c.tokens;
  }

  /** The shared bucket plus what this instance holds of it; other instances' holdings are not counted. */
  async state(bucket: BucketId, limits: BucketLimits): Promise<BucketState> {
    const shared = (await this.shared.read(bucket, limits)) ?? limits.capacity;
    const tokens = Math.min(limits.capacity, Math.floor(shared + (this.held.get(bucket)?.tokens ?? 0)));
    return { tokens, ...limits };
  }

  /** Leases enough for `charge`, or says why not; a lease already in flight is waited on instead. */
  private async topUp(charge: BucketCharge): Promise<TakeOutcome | undefined> {
    const held = this.holding(charge.bucket);
    const now = this.nowMs();
    if (held.refusedUntilMs !== undefined && held.refusedUntilMs > now) {
      return { taken: false, bucket: charge.bucket, retryAfterMs: held.refusedUntilMs - now };
    }
    if (!held.leasing) {
      const need = charge.tokens - held.tokens;
      const want = leaseSize(charge.limits, need, this.lease.fraction, this.lease.max);
      held.leasing = this.shared
        .lease(charge.bucket, charge.limits, need, want)
        .then(({ granted, available }) => {
          held.tokens += granted;
          held.refusedUntilMs =
            granted > 0 ? undefined : this.nowMs() + msUntil(available, need, charge.limits);
        })
        .finally(() => {
          held.leasing = undefined;
        });
    }
    await held.leasing;
    return undefined;
  }

  private holding(bucket: BucketId): Held {
    let held = this.held.get(bucket);
    if (!held) {
      held = { tokens: 0, lastUsedMs: this.nowMs() };
      this.held.set(bucket, held);
    }
    return held;
  }

  /** Starts the sweeper: idle buckets give their tokens back; now and then, full rows are forgotten. */
  start(): void {
    this.sweeper = setInterval(() => {
      const forget = ++this.sweeps % FORGET_FULL_EVERY === 0;
      this.sweep(this.nowMs() - IDLE_MS_MAX)
        .then(() => (forget ? this.shared.forgetFull(FORGET_FULL_MAX) : 0))
        .catch((error) =>
          this.logger.warn('lookup bucket sweep failed; retrying at the next', { error: String(error) }),
        );
    }, SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  /** Gives back the tokens of every bucket untouched since `idleSinceMs` (of all of them, by default). */
  async sweep(idleSinceMs = Number.POSITIVE_INFINITY): Promise<void> {
    const returned: ReturnedTokens[] = [];
    for (const [bucket, held] of this.held) {
      if (held.leasing || held.lastUsedMs > idleSinceMs) continue;
      this.held.delete(bucket);
      if (held.tokens > 0) returned.push({ bucket, tokens: held.tokens });
    }
    // Tokens that fail to go back are lost to the bank for a while, never handed out twice.
    await this.shared.giveBack(returned);
  }

  /** Stops the sweeper and gives every unspent token back. */
  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.sweep();
  }
}
