import { type Claim, PixKey, PreconditionError } from '../../domain';
import { loadClaim, partyOf, tellParties } from '../claim-access';
import { actorOf, type ClaimStep } from '../claim-step';
import type { BankRepository } from '../ports/bank-repository';
import type { ClaimUnitOfWork } from '../ports/claim-unit-of-work';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import { requireActiveBank } from '../require-active-bank';

/**
 * The claimer bank takes the key, in the same unit of work as the step: the donor's row is closed and
 * a new one points to the claimer's account, within its key limit (its row locked, so concurrent
 * completions cannot pass it). The key must still be the donor's: the claim's lock on it is the row's.
 */
export class CompleteClaim {
  constructor(
    private readonly banks: BankRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(uow: ClaimUnitOfWork, input: ClaimStep): Promise<Claim> {
    const bank = await requireActiveBank(this.banks, input.ispb);
    const claim = await loadClaim(uow, input.claimId);
    const now = this.clock.now();
    claim.complete(partyOf(claim, bank.ispb.value, 'claimer'), now, actorOf(bank.ispb));
    const { claimer, donor, keyKind, key } = claim.snapshot;
    const current = await uow.lockActiveKey(key);
    if (!current?.account.sameAccountAs(donor)) {
      throw new PreconditionError('CLAIM.KEY_MOVED', `key ${key} no longer points to the donor account`);
    }
    if ((await uow.activeKeyCount(claimer)) >= claimer.keyLimit) {
      throw new PreconditionError(
        'PIX_KEY.LIMIT_REACHED',
        `the account already has ${claimer.keyLimit} active keys`,
      );
    }
    current.delete(now);
    const moved = PixKey.restore({
      id: this.ids.uuid(),
      kind: keyKind,
      key,
      account: claimer,
      status: 'active',
      createdAt: now,
    });
    uow.moveKey(current, moved);
    tellParties(uow, claim);
    return claim;
  }
}
