import { type Claim, claimIdOf, ForbiddenError, NotFoundError } from '../domain';
import type { ClaimUnitOfWork } from './ports/claim-unit-of-work';

export const claimNotFound = (id: unknown) =>
  new NotFoundError('CLAIM.NOT_FOUND', `no claim ${String(id).slice(0, 64)}`);

/** The claim, locked, or NOT_FOUND (also for an id that is no UUID, never sent to the uuid column). */
export async function loadClaim(uow: ClaimUnitOfWork, id: unknown): Promise<Claim> {
  const known = claimIdOf(id);
  const claim = known ? await uow.findClaim(known) : undefined;
  if (!claim) throw claimNotFound(id);
  return claim;
}

/**
 * The party the calling bank is in the claim (`prefer` when it is both, as in an ownership claim between
 * two customers of one bank). A bank party to neither side may not act on it: PERMISSION_DENIED.
 */
export function partyOf(claim: Claim, ispb: string, prefer: 'claimer' | 'donor'): 'claimer' | 'donor' {
  const party = claim.partyOf(ispb, prefer);
  if (!party) throw new ForbiddenError('CLAIM.NOT_PARTY', `bank ${ispb} is not party to claim ${claim.id}`);
  return party;
}

/** Tells both banks of the claim its state after a step. */
export function tellParties(uow: ClaimUnitOfWork, claim: Claim): void {
  for (const bank of claim.parties) uow.send(bank, claim);
}
