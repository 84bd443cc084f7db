import { assert } from './assert';
import type { ClaimProps } from './claim';
import { CLAIMABLE_KEY_KINDS } from './claim-rules';

/**
 * What holds of every claim, from how claims are made and moved:
 * - its key is of a kind its claim kind may take (never evp);
 * - a portability keeps the key with its owner and moves it between two banks; an ownership claim moves
 *   it to another owner;
 * - the resolution period is set exactly once the donor acknowledged: absent while open, present while
 *   waiting or confirmed (a claim completed or cancelled may have ended either way), and after creation;
 * - a claim completed from waiting_resolution was an ownership claim left unanswered (DEFAULT_OPERATION);
 * - createdAt <= updatedAt.
 */
export function assertClaimInvariants(c: Readonly<ClaimProps>): void {
  assert(CLAIMABLE_KEY_KINDS[c.kind].includes(c.keyKind), `claim ${c.id}: a ${c.kind} of a ${c.keyKind} key`);
  const sameOwner = c.claimer.props.ownerTaxId.value === c.donor.props.ownerTaxId.value;
  assert(
    c.kind === 'portability' ? sameOwner && !c.claimer.props.ispb.equals(c.donor.props.ispb) : !sameOwner,
    `claim ${c.id}: a ${c.kind} claim between the wrong owners or banks`,
  );
  const acknowledged = c.resolutionEndsAt !== undefined;
  assert(
    c.status === 'open'
      ? !acknowledged
      : c.status === 'waiting_resolution' || c.status === 'confirmed'
        ? acknowledged
        : true,
    `claim ${c.id} is ${c.status} ${acknowledged ? 'with' : 'without'} a resolution period`,
  );
  assert(
    !acknowledged || (c.resolutionEndsAt as Date).getTime() >= c.createdAt.getTime(),
    `claim ${c.id}: its resolution period ends before it was made`,
  );
  assert(
    c.reason !== 'DEFAULT_OPERATION' || c.status === 'completed' || c.status === 'cancelled',
    `claim ${c.id} is ${c.status} by DEFAULT_OPERATION`,
  );
  assert(c.createdAt.getTime() <= c.updatedAt.getTime(), `claim ${c.id} changed before it was made`);
}
