import { tellParties } from '../claim-access';
import type { ClaimUnitOfWork } from '../ports/claim-unit-of-work';
import type { Clock } from '../ports/clock';

/**
 * The hub's sweep: a portability claim whose resolution period passed with no answer from the donor is
 * cancelled (DEFAULT_OPERATION) and both banks told; the key stays at the donor. Several hub instances
 * may run it at once; each unit of work gets only claims no other one holds.
 */
export class CancelUnansweredClaims {
  constructor(private readonly clock: Clock) {}

  /** Returns how many claims it cancelled. */
  async execute(uow: ClaimUnitOfWork, limit: number): Promise<number> {
    const now = this.clock.now();
    let cancelled = 0;
    for (const claim of await uow.unansweredPortabilities(now, limit)) {
      // Rechecked: the adapter's query and this clock may disagree by the time the rows are locked.
      if (claim.kind !== 'portability' || !claim.isUnanswered(now)) continue;
      claim.cancel('hub', 'DEFAULT_OPERATION', now, 'hub');
      tellParties(uow, claim);
      cancelled++;
    }
    return cancelled;
  }
}
