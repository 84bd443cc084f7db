import { type Claim, parseClaimReason } from '../../domain';
import { loadClaim, partyOf, tellParties } from '../claim-access';
import { actorOf, type ReasonedClaimStep } from '../claim-step';
import type { BankRepository } from '../ports/bank-repository';
import type { ClaimUnitOfWork } from '../ports/claim-unit-of-work';
import type { Clock } from '../ports/clock';
import { requireActiveBank } from '../require-active-bank';

/** The donor bank releases the key, on its customer's decision; the claimer may then complete. */
export class ConfirmClaim {
  constructor(
    private readonly banks: BankRepository,
    private readonly clock: Clock,
  ) {}

  async execute(uow: ClaimUnitOfWork, input: ReasonedClaimStep): Promise<Claim> {
    const reason = parseClaimReason(input.reason);
    const bank = await requireActiveBank(this.banks, input.ispb);
    const claim = await loadClaim(uow, input.claimId);
    claim.confirm(partyOf(claim, bank.ispb.value, 'donor'), reason, this.clock.now(), actorOf(bank.ispb));
    tellParties(uow, claim);
    return claim;
  }
}
