import { ConfigError, loadConfig } from './config';
import { loadLookupConfig } from './lookup-config';

describe('the lookup configuration', () => {
  it('defaults to the A-H table, category E, DICT-like end users and 2 % leases of at most 1,000', () => {
    const config = loadConfig({});
    expect(Object.keys(config.lookups.categories)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(config.lookups.categories.A).toEqual({ capacity: 50_000, refillPerMinute: 25_000 });
    expect(config.lookups.categories.H).toEqual({ capacity: 50, refillPerMinute: 2 });
    expect(config.lookups.defaultCategory).toBe('E');
    expect(config.lookups.endUser).toEqual({
      person: { capacity: 100, refillPerMinute: 2 },
      company: { capacity: 1_000, refillPerMinute: 20 },
    });
    expect(config.lookups.lease).toEqual({ fraction: 0.02, max: 1_000 });
  });

  it('replaces and adds categories, and takes every other setting from the environment', () => {
    const config = loadLookupConfig({
      LOOKUP_CATEGORIES: 'A=60000/30000, Z=10000000/6000000',
      LOOKUP_DEFAULT_CATEGORY: 'Z',
      LOOKUP_END_USER_PERSON: '50/0.5',
      LOOKUP_END_USER_COMPANY: '500/5',
      LOOKUP_LEASE_PERCENT: '5',
      LOOKUP_LEASE_MAX: '200',
    });
    expect(config.categories.A).toEqual({ capacity: 60_000, refillPerMinute: 30_000 });
    expect(config.categories.Z).toEqual({ capacity: 10_000_000, refillPerMinute: 6_000_000 });
    expect(config.categories.B).toEqual({ capacity: 40_000, refillPerMinute: 20_000 });
    expect(config.defaultCategory).toBe('Z');
    expect(config.endUser.person).toEqual({ capacity: 50, refillPerMinute: 0.5 });
    expect(config.lease).toEqual({ fraction: 0.05, max: 200 });
  });

  it.each([
    [{ LOOKUP_CATEGORIES: 'AB=100/1' }, /one capital letter, got "AB"/],
    [{ LOOKUP_CATEGORIES: 'A=100' }, /LOOKUP_CATEGORIES A must be capacity\/refill-per-minute/],
    [{ LOOKUP_CATEGORIES: 'A=0/5' }, /capacity\/refill-per-minute/],
    [{ LOOKUP_CATEGORIES: 'A=100/0' }, /capacity\/refill-per-minute/],
    [{ LOOKUP_CATEGORIES: 'A=3000000000/1' }, /capacity at most 2000000000/],
    [{ LOOKUP_CATEGORIES: 'A=2/1' }, /cannot serve a lookup costing 3/],
    [{ LOOKUP_END_USER_PERSON: '10/2' }, /cannot serve a lookup costing 20/],
    [{ LOOKUP_DEFAULT_CATEGORY: 'Q' }, /default lookup category Q is not in the table/],
    [{ LOOKUP_LEASE_PERCENT: '101' }, /LOOKUP_LEASE_PERCENT must be a number from 0 to 100/],
    [{ LOOKUP_LEASE_MAX: '0' }, /LOOKUP_LEASE_MAX must be a number from 1/],
  ])('refuses %j with a ConfigError that says why', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
