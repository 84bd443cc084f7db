import type { Actor, Ispb } from '../domain';

/** A step a bank takes on a claim: the calling bank (the caller's ISPB) and the claim's id. */
export interface ClaimStep {
  ispb: unknown;
  claimId: unknown;
}

/** A step that gives a reason. */
export interface ReasonedClaimStep extends ClaimStep {
  reason: unknown;
}

export const actorOf = (ispb: Ispb): Actor => `bank:${ispb.value}`;
