import fc from 'fast-check';
import {
  AcknowledgeClaimRequest,
  CancelClaimRequest,
  ClaimKind,
  ClaimReason,
  ClaimRole,
  ClaimServiceService,
  ClaimStatus,
  CompleteClaimRequest,
  ConfirmClaimRequest,
  CreateClaimRequest,
  GetClaimRequest,
  ListClaimsRequest,
} from '../../src/gen/codepix/v1/claim';
import { describeBadInput, expectStaysUp, methodsOf, useBadInputHub } from '../support/grpc-bad-input';
import {
  account,
  encoded,
  enumField,
  INT32,
  ispb,
  pixKey,
  text,
} from '../support/grpc-bad-input-arbitraries';

/**
 * Bad input at the hub's gRPC door, ClaimService: random, malformed and undecodable requests to each
 * method get a fitting status with a stable code, never UNKNOWN or INTERNAL (test/support/grpc-bad-input.ts).
 */
const claimId = text(fc.uuid().map(String));
const reason = enumField(ClaimReason.CLAIM_REASON_DEFAULT_OPERATION);

const METHODS = methodsOf('ClaimService', ClaimServiceService, {
  createClaim: encoded(CreateClaimRequest, {
    ispb,
    kind: enumField(ClaimKind.CLAIM_KIND_OWNERSHIP),
    key: pixKey,
    account,
  }),
  acknowledgeClaim: encoded(AcknowledgeClaimRequest, { ispb, claimId }),
  confirmClaim: encoded(ConfirmClaimRequest, { ispb, claimId, reason }),
  cancelClaim: encoded(CancelClaimRequest, { ispb, claimId, reason }),
  completeClaim: encoded(CompleteClaimRequest, { ispb, claimId }),
  getClaim: encoded(GetClaimRequest, { ispb, claimId }),
  listClaims: encoded(ListClaimsRequest, {
    ispb,
    role: enumField(ClaimRole.CLAIM_ROLE_DONOR),
    status: enumField(ClaimStatus.CLAIM_STATUS_CANCELLED),
    key: pixKey,
    pageSize: { valid: fc.integer({ min: 0, max: 500 }), hostile: INT32 },
  }),
});

const hub = useBadInputHub('grpc_bad_input_claim');

it('covers every method of ClaimService', () => {
  expect(METHODS.map(([service, method]) => `${service}.${method}`)).toEqual([
    'ClaimService.createClaim',
    'ClaimService.acknowledgeClaim',
    'ClaimService.confirmClaim',
    'ClaimService.cancelClaim',
    'ClaimService.completeClaim',
    'ClaimService.getClaim',
    'ClaimService.listClaims',
  ]);
  for (const [, , , typed] of METHODS) expect(typed).toBeDefined();
});

describeBadInput(hub, METHODS);

it('stays up: health SERVING and a valid call still succeed', () => expectStaysUp(hub));
