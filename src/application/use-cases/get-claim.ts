import { claimIdOf, ForbiddenError } from '../../domain';
import { claimNotFound } from '../claim-access';
import type { ClaimQuery, ClaimRecord } from '../ports/claim-unit-of-work';

/** A claim and its history, for a bank party to it. */
export class GetClaim {
  constructor(private readonly claims: ClaimQuery) {}

  async execute(input: { ispb: string; claimId: unknown }): Promise<ClaimRecord> {
    const id = claimIdOf(input.claimId);
    const found = id ? await this.claims.get(id) : undefined;
    if (!found) throw claimNotFound(input.claimId);
    if (!found.claim.partyOf(input.ispb, 'claimer')) {
      throw new ForbiddenError(
        'CLAIM.NOT_PARTY',
        `bank ${input.ispb} is not party to claim ${found.claim.id}`,
      );
    }
    return found;
  }
}
