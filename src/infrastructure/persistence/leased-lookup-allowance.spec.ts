import { testLogger } from '../../../test/support/test-log';
import type { BucketCharge, BucketId } from '../../application/ports/lookup-allowance';
import { type BucketLimits, refilled } from '../../domain';
import { IDLE_MS_MAX, LeasedLookupAllowance } from './leased-lookup-allowance';
import type { ReturnedTokens, SharedBuckets } from './postgres-lookup-buckets';

/** The shared buckets as the SQL function keeps them, on a clock the spec moves; counts its writes. */
class FakeSharedBuckets implements SharedBuckets {
  nowMs = 0;
  leases = 0;
  private readonly rows = new Map<BucketId, { tokens: number; at: number; limits: BucketLimits }>();

  async lease(bucket: BucketId, limits: BucketLimits, need: number, want: number) {
    this.leases++;
    await Promise.resolve(); // a round trip: others run meanwhile
    const available = this.level(bucket, limits);
    const granted = available >= need ? Math.min(want, Math.floor(available)) : 0;
    this.rows.set(bucket, { tokens: available - granted, at: this.nowMs, limits });
    return { granted, available };
  }

  async giveBack(entries: readonly ReturnedTokens[]) {
    for (const { bucket, tokens } of entries) {
      const row = this.rows.get(bucket);
      if (!row) continue;
      const level = Math.min(row.limits.capacity, this.level(bucket, row.limits) + tokens);
      this.rows.set(bucket, { tokens: level, at: this.nowMs, limits: row.limits });
    }
  }

  async read(bucket: BucketId, limits: BucketLimits) {
    return this.rows.has(bucket) ? this.level(bucket, limits) : undefined;
  }

  async forgetFull() {
    return 0;
  }

  level(bucket: BucketId, limits: BucketLimits): number {
    const row = this.rows.get(bucket);
    return row ? refilled(row.tokens, this.nowMs - row.at, limits) : limits.capacity;
  }
}

const BANK: BucketId = 'participant:11111111';
const USER: BucketId = 'end-user:52998224725';
/** 1,000 tokens, leased 20 (2 %) at a time; the refill is slow enough to ignore within a spec. */
const LIMITS = { capacity: 1_000, refillPerMinute: 0.001 };
const USER_LIMITS = { capacity: 40, refillPerMinute: 0.001 };
const charge = (tokens: number, bucket: BucketId = BANK, limits = LIMITS): BucketCharge => ({
  bucket,
  limits,
  tokens,
});

function instances(count: number) {
  const shared = new FakeSharedBuckets();
  const make = () =>
    new LeasedLookupAllowance(shared, { fraction: 0.02, max: 1_000 }, testLogger(), () => shared.nowMs);
  return { shared, all: Array.from({ length: count }, make) };
}

describe('LeasedLookupAllowance', () => {
  it('spends a lease in memory: 20 lookups, one write', async () => {
    const {
      shared,
      all: [hub],
    } = instances(1);
    for (let i = 0; i < 20; i++) expect(await hub.take([charge(1)])).toEqual({ taken: true });
    expect(shared.leases).toBe(1);
    expect(shared.level(BANK, LIMITS)).toBe(980);
  });

  it('lets lookups that run short together wait on one lease instead of each writing', async () => {
    const {
      shared,
      all: [hub],
    } = instances(1);
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => hub.take([charge(1)])));
    expect(outcomes.every((o) => o.taken)).toBe(true);
    expect(shared.leases).toBe(3); // 20 + 20 + 20 tokens for 50 lookups
  });

  it('never lets two instances together spend more than the one shared bucket holds', async () => {
    const { shared, all } = instances(2);
    let spent = 0;
    for (let i = 0; i < 800; i++) {
      // Misses (3 tokens), spread over both instances, as a scraper behind a load balancer would.
      const outcomes = await Promise.all(all.map((hub) => hub.take([charge(3)])));
      spent += 3 * outcomes.filter((o) => o.taken).length;
    }
    expect(spent).toBeLessThanOrEqual(LIMITS.capacity);
    // What each instance still holds is under one lease: the allowance stays tight.
    expect(spent).toBeGreaterThan(LIMITS.capacity - 2 * 20);
    expect(shared.level(BANK, LIMITS)).toBeLessThan(3);
  });

  it('refuses with the time the shared bucket needs, then refuses without asking it again', async () => {
    const {
      shared,
      all: [hub],
    } = instances(1);
    const slow = { capacity: 20, refillPerMinute: 6 }; // one token every 10 s
    for (let i = 0; i < 6; i++) expect((await hub.take([charge(3, BANK, slow)])).taken).toBe(true);
    const leases = shared.leases;
    expect(await hub.take([charge(3, BANK, slow)])).toEqual({
      taken: false,
      bucket: BANK,
      retryAfterMs: 10_000,
    });
    shared.nowMs += 4_000;
    expect(await hub.take([charge(3, BANK, slow)])).toEqual({
      taken: false,
      bucket: BANK,
      retryAfterMs: 6_000,
    });
    expect(shared.leases).toBe(leases + 1);
    shared.nowMs += 6_000;
    expect((await hub.take([charge(3, BANK, slow)])).taken).toBe(true);
  });

  it('takes from every bucket or none: a short end user leaves the bank untouched', async () => {
    const {
      shared,
      all: [hub],
    } = instances(1);
    expect((await hub.take([charge(3), charge(20, USER, USER_LIMITS)])).taken).toBe(true);
    expect((await hub.take([charge(3), charge(20, USER, USER_LIMITS)])).taken).toBe(true);
    const refused = await hub.take([charge(3), charge(20, USER, USER_LIMITS)]);
    expect(refused).toMatchObject({ taken: false, bucket: USER });
    await hub.stop();
    expect(shared.level(BANK, LIMITS)).toBe(LIMITS.capacity - 6);
    expect(shared.level(USER, USER_LIMITS)).toBe(0);
  });

  it('gives the unspent tokens of an idle bucket back at the next sweep, and all of them at stop', async () => {
    const {
      shared,
      all: [hub],
    } = instances(1);
    await hub.take([charge(1)]);
    await hub.take([charge(1, USER, USER_LIMITS)]);
    shared.nowMs += IDLE_MS_MAX / 2;
    await hub.take([charge(1)]);
    shared.nowMs += IDLE_MS_MAX / 2 + 1;
    await hub.sweep(shared.nowMs - IDLE_MS_MAX);
    expect(shared.level(USER, USER_LIMITS)).toBeCloseTo(39, 2);
    expect(shared.level(BANK, LIMITS)).toBeCloseTo(980, 2); // in use: this instance keeps its lease
    await hub.stop();
    expect(shared.level(BANK, LIMITS)).toBeCloseTo(998, 2);
  });

  it('counts a given-back token as unspent, and reports the shared bucket plus what it holds', async () => {
    const {
      all: [hub],
    } = instances(1);
    await hub.take([charge(3)]);
    hub.giveBack([charge(2)]);
    expect(await hub.state(BANK, LIMITS)).toEqual({ tokens: 999, ...LIMITS });
    expect(await hub.state(USER, USER_LIMITS)).toEqual({ tokens: 40, ...USER_LIMITS });
  });
});
