import { assertLookupPolicy, type LookupPolicy } from '../../application/lookup-policy';
import type { BucketLimits } from '../../domain';
import type { LeaseOptions } from '../persistence/leased-lookup-allowance';
import { ConfigError } from './config-error';

export interface LookupConfig extends LookupPolicy {
  lease: LeaseOptions;
}

/**
 * Participant categories in the spirit of DICT's table (A for the largest banks, H for the smallest):
 * bucket size and tokens gained a minute. The figures are ours, of DICT's order of magnitude.
 */
const CATEGORIES: Record<string, BucketLimits> = {
  A: { capacity: 50_000, refillPerMinute: 25_000 },
  B: { capacity: 40_000, refillPerMinute: 20_000 },
  C: { capacity: 30_000, refillPerMinute: 15_000 },
  D: { capacity: 16_000, refillPerMinute: 8_000 },
  E: { capacity: 5_000, refillPerMinute: 2_500 },
  F: { capacity: 500, refillPerMinute: 250 },
  G: { capacity: 250, refillPerMinute: 25 },
  H: { capacity: 50, refillPerMinute: 2 },
};

/** A middle row: a bank nobody classified may serve its customers, not scrape (about 40 lookups/s). */
const DEFAULT_CATEGORY = 'E';

/** A bucket's capacity is a Postgres integer column. */
const CAPACITY_MAX = 2_000_000_000;

/** `capacity/refill-per-minute`, e.g. `100/2`. */
function limits(name: string, raw: string): BucketLimits {
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(raw.trim());
  const capacity = Number(match?.[1]);
  const refillPerMinute = Number(match?.[2]);
  if (!match || !(capacity >= 1 && capacity <= CAPACITY_MAX) || !(refillPerMinute > 0)) {
    throw new ConfigError(
      `${name} must be capacity/refill-per-minute (e.g. 100/2, capacity at most ${CAPACITY_MAX}), got "${raw}"`,
    );
  }
  return { capacity, refillPerMinute };
}

/** `LOOKUP_CATEGORIES=A=50000/25000,Z=1000000/600000`: rows replaced or added to the table. */
function categories(raw: string | undefined): Record<string, BucketLimits> {
  const table = { ...CATEGORIES };
  for (const entry of (raw ?? '').split(',').filter((e) => e.trim() !== '')) {
    const [name, value = ''] = entry.split('=').map((part) => part.trim());
    if (!/^[A-Z]$/.test(name)) {
      throw new ConfigError(`LOOKUP_CATEGORIES: a category is one capital letter, got "${name}"`);
    }
    table[name] = limits(`LOOKUP_CATEGORIES ${name}`, value);
  }
  return table;
}

function number(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** The directory's buckets and leases from the environment; see docs/protocol.md for every variable. */
export function loadLookupConfig(env: NodeJS.ProcessEnv): LookupConfig {
  const config: LookupConfig = {
    categories: categories(env.LOOKUP_CATEGORIES),
    defaultCategory: env.LOOKUP_DEFAULT_CATEGORY || DEFAULT_CATEGORY,
    endUser: {
      person: limits('LOOKUP_END_USER_PERSON', env.LOOKUP_END_USER_PERSON || '100/2'),
      company: limits('LOOKUP_END_USER_COMPANY', env.LOOKUP_END_USER_COMPANY || '1000/20'),
    },
    lease: {
      fraction: number('LOOKUP_LEASE_PERCENT', env.LOOKUP_LEASE_PERCENT, 2, 0, 100) / 100,
      max: Math.floor(number('LOOKUP_LEASE_MAX', env.LOOKUP_LEASE_MAX, 1000, 1, 1e9)),
    },
  };
  try {
    assertLookupPolicy(config);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return config;
}
