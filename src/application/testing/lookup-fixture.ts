import type { LookupPolicy } from '../lookup-policy';

/**
 * Lookup limits for specs: category A large enough that no spec about something else runs dry, H small
 * enough to empty in a few calls (20 tokens, 6 a minute: one every 10 s), and small end-user buckets.
 */
export const LOOKUP_POLICY: LookupPolicy = {
  categories: {
    A: { capacity: 10_000, refillPerMinute: 6_000 },
    H: { capacity: 20, refillPerMinute: 6 },
  },
  defaultCategory: 'A',
  endUser: {
    person: { capacity: 40, refillPerMinute: 2 },
    company: { capacity: 400, refillPerMinute: 20 },
  },
};
