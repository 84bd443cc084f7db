import { type ClaimReason, claimIdOf, parseClaimReason } from '../../src/domain';
import { ClaimNotFoundError } from '../domain';
import { recordClaim } from './claim-batch';
import type { HubClaim } from './messages';
import type { BankTransactionRunner, HubClaims } from './ports';

/**
 * The steps a customer's decision takes on a claim this bank is party to, each one call to the hub,
 * which checks that this bank's side may take it with that reason; its answer is recorded as a notice
 * of it would be (the notice that follows changes nothing more). Also the hub's view of a claim.
 */
export class ClaimSteps {
  constructor(
    private readonly ispb: string,
    private readonly uow: BankTransactionRunner,
    private readonly hub: HubClaims,
  ) {}

  /** As donor: the customer releases the key (USER_REQUESTED, the default, or ACCOUNT_CLOSURE). */
  async confirm(id: string, input: { reason?: unknown }): Promise<HubClaim> {
    const reason = reasonOf(input.reason);
    return this.step(id, (known) => this.hub.confirmClaim(known, reason));
  }

  /** Either side ends the claim; the key stays where it is (USER_REQUESTED, the default, or FRAUD). */
  async cancel(id: string, input: { reason?: unknown }): Promise<HubClaim> {
    const reason = reasonOf(input.reason);
    return this.step(id, (known) => this.hub.cancelClaim(known, reason));
  }

  /** As claimer: the key now points to the customer's account. */
  async complete(id: string): Promise<HubClaim> {
    return this.step(id, (known) => this.hub.completeClaim(known));
  }

  /** The claim as the hub has it, with its history. */
  async get(id: string): Promise<HubClaim> {
    return this.hub.getClaim(claimId(id));
  }

  private async step(id: string, call: (known: string) => Promise<HubClaim>): Promise<HubClaim> {
    const claim = await call(claimId(id));
    await recordClaim(this.uow, this.ispb, claim);
    return claim;
  }
}

/** The id as the hub writes it (lower case); one that cannot name a claim is not found here either. */
function claimId(id: string): string {
  const known = claimIdOf(id);
  if (!known) throw new ClaimNotFoundError(id);
  return known;
}

/** The reason given, USER_REQUESTED when none: the hub checks it is one this side may give. */
const reasonOf = (reason: unknown): ClaimReason => parseClaimReason(reason, 'reason') ?? 'USER_REQUESTED';
