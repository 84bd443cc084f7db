import type {
  Account,
  ClaimChange,
  Claim as DomainClaim,
  ClaimKind as DomainClaimKind,
  ClaimReason as DomainClaimReason,
  ClaimStatus as DomainClaimStatus,
} from '../../domain';
import {
  type ClaimAccount,
  ClaimKind,
  ClaimReason,
  ClaimRole,
  ClaimStatus,
  type ClaimTransition,
  type Claim as ProtoClaim,
} from '../../gen/codepix/v1/claim';
import { BankMessage } from '../../gen/codepix/v1/transfer';
import { accountTypeToProto, invert, keyKindToProto } from './enum-mapping';

const KIND_TO_PROTO: Record<DomainClaimKind, ClaimKind> = {
  portability: ClaimKind.CLAIM_KIND_PORTABILITY,
  ownership: ClaimKind.CLAIM_KIND_OWNERSHIP,
};

const STATUS_TO_PROTO: Record<DomainClaimStatus, ClaimStatus> = {
  open: ClaimStatus.CLAIM_STATUS_OPEN,
  waiting_resolution: ClaimStatus.CLAIM_STATUS_WAITING_RESOLUTION,
  confirmed: ClaimStatus.CLAIM_STATUS_CONFIRMED,
  completed: ClaimStatus.CLAIM_STATUS_COMPLETED,
  cancelled: ClaimStatus.CLAIM_STATUS_CANCELLED,
};

const REASON_TO_PROTO: Record<DomainClaimReason, ClaimReason> = {
  USER_REQUESTED: ClaimReason.CLAIM_REASON_USER_REQUESTED,
  ACCOUNT_CLOSURE: ClaimReason.CLAIM_REASON_ACCOUNT_CLOSURE,
  FRAUD: ClaimReason.CLAIM_REASON_FRAUD,
  DEFAULT_OPERATION: ClaimReason.CLAIM_REASON_DEFAULT_OPERATION,
};

const ROLE_FROM_PROTO = new Map([
  [ClaimRole.CLAIM_ROLE_CLAIMER, 'claimer' as const],
  [ClaimRole.CLAIM_ROLE_DONOR, 'donor' as const],
]);

const KIND_FROM_PROTO = invert(KIND_TO_PROTO);
const STATUS_FROM_PROTO = invert(STATUS_TO_PROTO);
const REASON_FROM_PROTO = invert(REASON_TO_PROTO);

/**
 * Unspecified comes out undefined (the use case's default or "any"); an unknown number comes out as
 * itself, for the domain to refuse with the field named instead of taking it for "any".
 */
const fromProto =
  <K>(table: Map<number, K>) =>
  (value: number): K | number | undefined =>
    value === 0 ? undefined : (table.get(value) ?? value);

export const claimKindFromProto = fromProto(KIND_FROM_PROTO);
export const claimStatusFromProto = fromProto(STATUS_FROM_PROTO);
export const claimReasonFromProto = fromProto(REASON_FROM_PROTO);
/** An unknown role lists as either: it can widen nothing, the list is always the caller's own. */
export const claimRoleFromProto = (role: ClaimRole) => ROLE_FROM_PROTO.get(role);

/** One side of a claim; the owner's tax id leaves the hub only masked. */
const sideToProto = (account: Account): ClaimAccount => {
  const a = account.props;
  return {
    ispb: a.ispb.value,
    branch: a.branch,
    number: a.number,
    type: accountTypeToProto(a.type),
    ownerName: a.ownerName,
    ownerTaxIdMasked: a.ownerTaxId.masked(),
  };
};

const changeToProto = (change: ClaimChange): ClaimTransition => ({
  from: change.from ? STATUS_TO_PROTO[change.from] : ClaimStatus.CLAIM_STATUS_UNSPECIFIED,
  to: STATUS_TO_PROTO[change.to],
  reason: change.reason ? REASON_TO_PROTO[change.reason] : ClaimReason.CLAIM_REASON_UNSPECIFIED,
  by: change.by,
  at: change.at,
});

export function claimToProto(claim: DomainClaim, history: readonly ClaimChange[] = []): ProtoClaim {
  const c = claim.snapshot;
  return {
    id: c.id,
    kind: KIND_TO_PROTO[c.kind],
    keyKind: keyKindToProto(c.keyKind),
    key: c.key,
    status: STATUS_TO_PROTO[c.status],
    reason: c.reason ? REASON_TO_PROTO[c.reason] : ClaimReason.CLAIM_REASON_UNSPECIFIED,
    claimer: sideToProto(c.claimer),
    donor: sideToProto(c.donor),
    resolutionEndsAt: c.resolutionEndsAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    history: history.map(changeToProto),
  };
}

/** A claim's state as a bank hears it on its topic. */
export const encodeClaimNotice = (claim: DomainClaim): Uint8Array =>
  BankMessage.encode({ claim: { claim: claimToProto(claim) } }).finish();
