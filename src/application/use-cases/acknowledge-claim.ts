import type { Claim } from '../../domain';
import { loadClaim, partyOf, tellParties } from '../claim-access';
import { actorOf, type ClaimStep } from '../claim-step';
import type { BankRepository } from '../ports/bank-repository';
import type { ClaimUnitOfWork } from '../ports/claim-unit-of-work';
import type { Clock } from '../ports/clock';
import { requireActiveBank } from '../require-active-bank';

/**
 * The donor bank has received a new claim: it waits on the donor's customer, for the resolution period.
 * The donor's repeat of it (a redelivered notice acknowledged again) changes nothing and answers the
 * claim as it is.
 */
export class AcknowledgeClaim {
  constructor(
    private readonly banks: BankRepository,
    private readonly clock: Clock,
    private readonly resolutionMs: number,
  ) {}

  async execute(uow: ClaimUnitOfWork, input: ClaimStep): Promise<Claim> {
    const bank = await requireActiveBank(this.banks, input.ispb);
    const claim = await loadClaim(uow, input.claimId);
    const party = partyOf(claim, bank.ispb.value, 'donor');
    if (party === 'donor' && claim.status !== 'open') return claim;
    claim.acknowledge(party, this.clock.now(), actorOf(bank.ispb), this.resolutionMs);
    tellParties(uow, claim);
    return claim;
  }
}
