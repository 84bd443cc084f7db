/** What a unit of work does with a read its prefetch missed. */
export interface PrefetchPolicy {
  /**
   * Fail (an InvariantViolation): what the tests run with (CODEPIX_STRICT_PREFETCH), so a use case
   * that reads a row its caller did not prefetch is caught. Otherwise the row is fetched on its own.
   */
  strict: boolean;
  /** Told of every miss, strict or not: a transfer or a settlement account locked out of key order. */
  missed(kind: PrefetchMiss): void;
}

export type PrefetchMiss = 'transfer' | 'settlement_account';
