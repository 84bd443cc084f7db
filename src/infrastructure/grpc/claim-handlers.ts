import { actingBank } from '../../application/access';
import type { ClaimStep, ReasonedClaimStep } from '../../application/claim-step';
import type { CreateClaimInput } from '../../application/use-cases/create-claim';
import type { GetClaim } from '../../application/use-cases/get-claim';
import type { ListClaims } from '../../application/use-cases/list-claims';
import type { Claim } from '../../domain';
import type { ClaimServiceServer } from '../../gen/codepix/v1/claim';
import {
  claimKindFromProto,
  claimReasonFromProto,
  claimRoleFromProto,
  claimStatusFromProto,
  claimToProto,
} from '../proto/claim-mapping';
import { accountInputFromProto } from '../proto/enum-mapping';
import { type Door, unary } from './unary';

/** A step bound to the transaction runner: each call in a unit of work of its own. */
type Step<I> = { execute(input: I): Promise<Claim> };

export interface ClaimUseCases {
  create: Step<CreateClaimInput>;
  acknowledge: Step<ClaimStep>;
  confirm: Step<ReasonedClaimStep>;
  cancel: Step<ReasonedClaimStep>;
  complete: Step<ClaimStep>;
  get: GetClaim;
  list: ListClaims;
}

/** Every claim call is a bank's, acting for itself: the ISPB is its certificate's. */
export function claimHandlers(useCases: ClaimUseCases, door: Door): ClaimServiceServer {
  const step = <I extends { ispb: string; claimId: string }>(run: (req: I, ispb: string) => Promise<Claim>) =>
    unary(door, async (req: I, caller) => claimToProto(await run(req, actingBank(caller, req.ispb))));
  return {
    createClaim: unary(door, async (req, caller) => {
      const claim = await useCases.create.execute({
        ispb: actingBank(caller, req.ispb),
        kind: claimKindFromProto(req.kind),
        key: req.key,
        account: accountInputFromProto(req.account),
      });
      return claimToProto(claim);
    }),
    acknowledgeClaim: step((req, ispb) => useCases.acknowledge.execute({ ispb, claimId: req.claimId })),
    confirmClaim: step((req, ispb) =>
      useCases.confirm.execute({ ispb, claimId: req.claimId, reason: claimReasonFromProto(req.reason) }),
    ),
    cancelClaim: step((req, ispb) =>
      useCases.cancel.execute({ ispb, claimId: req.claimId, reason: claimReasonFromProto(req.reason) }),
    ),
    completeClaim: step((req, ispb) => useCases.complete.execute({ ispb, claimId: req.claimId })),
    getClaim: unary(door, async (req, caller) => {
      const { claim, history } = await useCases.get.execute({
        ispb: actingBank(caller, req.ispb),
        claimId: req.claimId,
      });
      return claimToProto(claim, history);
    }),
    listClaims: unary(door, async (req, caller) => {
      const claims = await useCases.list.execute({
        ispb: actingBank(caller, req.ispb),
        role: claimRoleFromProto(req.role),
        status: claimStatusFromProto(req.status),
        key: req.key,
        pageSize: req.pageSize,
      });
      return { claims: claims.map((c) => claimToProto(c)) };
    }),
  };
}
