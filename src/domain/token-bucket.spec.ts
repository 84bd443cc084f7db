import fc from 'fast-check';
import { assertLimits, leaseSize, msUntil, refilled } from './token-bucket';

const SMALL = { capacity: 50, refillPerMinute: 2 };

describe('token bucket arithmetic', () => {
  it('refills continuously: 2 a minute is one every 30 s, half a token after 15 s', () => {
    expect(refilled(0, 30_000, SMALL)).toBe(1);
    expect(refilled(0, 15_000, SMALL)).toBe(0.5);
    expect(refilled(10, 60_000 * 5, SMALL)).toBe(20);
  });

  it('never refills past the capacity, and a clock stepping back adds nothing', () => {
    expect(refilled(49, 3_600_000, SMALL)).toBe(50);
    expect(refilled(7, -60_000, SMALL)).toBe(7);
  });

  it('stays within [tokens, capacity] whatever the time, and refilling in steps equals one refill', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (tokens, a, b) => {
          const once = refilled(tokens, a + b, SMALL);
          expect(once).toBeGreaterThanOrEqual(tokens);
          expect(once).toBeLessThanOrEqual(SMALL.capacity);
          expect(refilled(refilled(tokens, a, SMALL), b, SMALL)).toBeCloseTo(once, 9);
        },
      ),
    );
  });

  it('says how long until the bucket holds what is needed, rounded up to the millisecond', () => {
    expect(msUntil(5, 3, SMALL)).toBe(0);
    expect(msUntil(2, 3, SMALL)).toBe(30_000);
    expect(msUntil(0, 20, SMALL)).toBe(600_000);
    expect(msUntil(2.9, 3, { capacity: 10, refillPerMinute: 7 })).toBe(858); // 0.1 token at 7/min
  });

  it('after msUntil, the bucket holds what was needed (and not a millisecond before)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0.01, max: 100_000, noNaN: true }),
        (tokens, need, refillPerMinute) => {
          const limits = { capacity: 50, refillPerMinute };
          const wait = msUntil(tokens, need, limits);
          expect(refilled(tokens, wait, limits)).toBeGreaterThanOrEqual(need - 1e-9);
          if (wait > 0) expect(refilled(tokens, wait - 1, limits)).toBeLessThan(need);
        },
      ),
    );
  });

  it('leases a share of the capacity, at least one token and what is needed, at most the cap', () => {
    expect(leaseSize({ capacity: 50_000, refillPerMinute: 1 }, 3, 0.02, 10_000)).toBe(1_000);
    expect(leaseSize({ capacity: 50_000, refillPerMinute: 1 }, 3, 0.02, 500)).toBe(500);
    expect(leaseSize({ capacity: 100, refillPerMinute: 1 }, 20, 0.02, 1_000)).toBe(20);
    expect(leaseSize({ capacity: 10, refillPerMinute: 1 }, 1, 0.02, 1_000)).toBe(1);
    expect(leaseSize({ capacity: 10, refillPerMinute: 1 }, 3, 0, 1_000)).toBe(3);
  });

  it.each([
    [{ capacity: 2, refillPerMinute: 1 }, 3],
    [{ capacity: 10, refillPerMinute: 0 }, 3],
    [{ capacity: 10.5, refillPerMinute: 1 }, 3],
    [{ capacity: 10, refillPerMinute: Number.NaN }, 3],
  ])('refuses limits %j for a lookup costing %i: a configuration bug', (limits, dearest) => {
    expect(() => assertLimits(limits, dearest)).toThrow(/cannot serve a lookup costing/);
  });
});
