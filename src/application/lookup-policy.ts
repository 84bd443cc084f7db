import { assertLimits, type Bank, type BucketLimits, parseTaxId } from '../domain';
import type { BucketCharge, BucketId } from './ports/lookup-allowance';

/**
 * What a lookup costs, in DICT's figures: a found key takes 1 token from each bucket, a miss 3 from the
 * bank's and 20 from the end user's. A scraper mostly misses, so it runs dry long before a bank whose
 * customers look up the keys they are about to pay.
 */
export const LOOKUP_COST = {
  participant: { found: 1, missed: 3 },
  endUser: { found: 1, missed: 20 },
} as const;

/** The hub's directory limits, from configuration. */
export interface LookupPolicy {
  /** Bucket limits per participant category (DICT: A-H, largest first); a bank may name its category. */
  categories: Readonly<Record<string, BucketLimits>>;
  /** For a bank that names no category, or one the table no longer lists. */
  defaultCategory: string;
  /** End users' buckets: people (CPF) and companies (CNPJ). */
  endUser: { person: BucketLimits; company: BucketLimits };
}

/** One bucket a lookup draws on, with what a hit and a miss cost there. */
export interface LookupBucket {
  id: BucketId;
  limits: BucketLimits;
  found: number;
  missed: number;
}

/** Every limit can serve the dearest lookup, and the default category exists: a violation is a config bug. */
export function assertLookupPolicy(policy: LookupPolicy): void {
  if (!policy.categories[policy.defaultCategory]) {
    throw new Error(`the default lookup category ${policy.defaultCategory} is not in the table`);
  }
  for (const limits of Object.values(policy.categories)) assertLimits(limits, LOOKUP_COST.participant.missed);
  assertLimits(policy.endUser.person, LOOKUP_COST.endUser.missed);
  assertLimits(policy.endUser.company, LOOKUP_COST.endUser.missed);
}

/** The bank's category as the table knows it: its own when listed, else the default. */
export function categoryOf(policy: LookupPolicy, bank: Bank): string {
  const own = bank.lookupCategory;
  return own !== undefined && policy.categories[own] ? own : policy.defaultCategory;
}

export const participantBucketId = (ispb: string): BucketId => `participant:${ispb}`;

export function participantBucket(policy: LookupPolicy, bank: Bank): LookupBucket {
  return {
    id: participantBucketId(bank.ispb.value),
    limits: policy.categories[categoryOf(policy, bank)],
    ...LOOKUP_COST.participant,
  };
}

/** The end user's bucket, from the tax id the bank sent in the `codepix-end-user` metadata. */
export function endUserBucket(policy: LookupPolicy, taxId: unknown): LookupBucket {
  const id = parseTaxId(taxId, 'codepix-end-user');
  return {
    id: `end-user:${id.value}`,
    limits: id.kind === 'cpf' ? policy.endUser.person : policy.endUser.company,
    ...LOOKUP_COST.endUser,
  };
}

/** `tokens` of each bucket's cost: `missed` to reserve, `missed - found` to give back after a hit. */
export function charges(buckets: LookupBucket[], tokens: (b: LookupBucket) => number): BucketCharge[] {
  return buckets.map((b) => ({ bucket: b.id, limits: b.limits, tokens: tokens(b) }));
}
