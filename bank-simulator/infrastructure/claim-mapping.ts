import {
  ACCOUNT_TYPES,
  type AccountType,
  CLAIM_KINDS,
  CLAIM_REASONS,
  CLAIM_STATUSES,
  CLAIMABLE_KEY_KINDS,
  type ClaimKind,
  type ClaimReason,
  type ClaimStatus,
  Ispb,
  isClaimId,
  KEY_KINDS,
  type KeyKind,
  PIX_KEY_CHARS_MAX,
  parseAccountNumber,
  requireText,
  ValidationError,
} from '../../src/domain';
import {
  type ClaimAccount,
  type ClaimTransition,
  type Claim as ProtoClaim,
  ClaimKind as ProtoKind,
  ClaimReason as ProtoReason,
  ClaimStatus as ProtoStatus,
} from '../../src/gen/codepix/v1/claim';
import { AccountType as ProtoAccountType, KeyKind as ProtoKeyKind } from '../../src/gen/codepix/v1/common';
import type { HubClaim, HubClaimChange, HubClaimSide } from '../application/messages';

/*
 * The hub's claims (claim.proto) ↔ the bank's HubClaim. Proto enum names are the bank's names with a
 * prefix, upper-cased. What comes from the hub is checked as strictly as a transfer notice: a claim this
 * bank cannot record is refused with its field named (`claim.key_kind: ...`), never half taken.
 */

/** Times a Postgres timestamptz and a JS Date both hold: from 1970 to the end of 9999. */
const LATEST_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A generated enum: its names to numbers (and numbers back to names). */
type ProtoEnum = Record<string, number | string>;

/** The proto number of a bank name: `portability` is CLAIM_KIND_PORTABILITY. */
const toProto = (table: ProtoEnum, prefix: string, name: string): number =>
  table[`${prefix}${name.toUpperCase()}`] as number;

/** The bank name of a proto number, or undefined for one it does not know. */
const fromProto = <N extends string>(
  names: readonly N[],
  table: ProtoEnum,
  prefix: string,
  value: number,
): N | undefined => names.find((name) => toProto(table, prefix, name) === value);

export const claimKindToProto = (kind: ClaimKind): ProtoKind => toProto(ProtoKind, 'CLAIM_KIND_', kind);
export const claimReasonToProto = (reason: ClaimReason): ProtoReason =>
  toProto(ProtoReason, 'CLAIM_REASON_', reason);

/** The bank name of a proto number; an unknown one is refused, naming the field. */
function known<N extends string>(
  names: readonly N[],
  table: ProtoEnum,
  prefix: string,
  value: number,
  field: string,
): N {
  const name = fromProto(names, table, prefix, value);
  if (!name) throw new ValidationError(field, `unknown value ${value}`);
  return name;
}

const status = (value: ProtoStatus, field: string): ClaimStatus =>
  known(CLAIM_STATUSES, ProtoStatus, 'CLAIM_STATUS_', value, field);

/** Unspecified: none given; an unknown number is refused rather than read as none. */
const reason = (value: ProtoReason, field: string): ClaimReason | undefined =>
  value === ProtoReason.CLAIM_REASON_UNSPECIFIED
    ? undefined
    : known(CLAIM_REASONS, ProtoReason, 'CLAIM_REASON_', value, field);

function time(value: Date | undefined, field: string): Date {
  if (!value) throw new ValidationError(field, 'is required');
  const ms = value.getTime();
  if (!(ms >= 0 && ms <= LATEST_TIME_MS))
    throw new ValidationError(field, 'must be a time from 1970 to 9999');
  return value;
}

function side(account: ClaimAccount | undefined, field: string): HubClaimSide {
  if (!account) throw new ValidationError(field, 'is required');
  const type = fromProto(ACCOUNT_TYPES, ProtoAccountType, 'ACCOUNT_TYPE_', account.type) as
    | AccountType
    | undefined;
  return {
    ispb: Ispb.create(account.ispb, `${field}.ispb`).value,
    branch: account.branch,
    number: parseAccountNumber(account.number, `${field}.number`),
    ...(type && { type }),
    ownerName: account.ownerName,
    ownerTaxIdMasked: account.ownerTaxIdMasked,
  };
}

function change(t: ClaimTransition, field: string): HubClaimChange {
  const from = t.from === ProtoStatus.CLAIM_STATUS_UNSPECIFIED ? undefined : status(t.from, `${field}.from`);
  const why = reason(t.reason, `${field}.reason`);
  return {
    ...(from && { from }),
    to: status(t.to, `${field}.to`),
    ...(why && { reason: why }),
    by: t.by,
    at: time(t.at, `${field}.at`),
  };
}

/**
 * A claim as the hub sent it, checked: a UUID id, known enums, a key of a kind its claim kind can take,
 * both sides with a valid ISPB and account number, times in range and in order. Throws a
 * ValidationError naming the first bad field, under `field`.
 */
export function claimFromProto(claim: ProtoClaim | undefined, field = 'claim'): HubClaim {
  if (!claim) throw new ValidationError(field, 'is required');
  if (!isClaimId(claim.id)) throw new ValidationError(`${field}.id`, 'must be a UUID in lower case');
  const kind = known(CLAIM_KINDS, ProtoKind, 'CLAIM_KIND_', claim.kind, `${field}.kind`);
  const keyKind: KeyKind = known(KEY_KINDS, ProtoKeyKind, 'KEY_KIND_', claim.keyKind, `${field}.key_kind`);
  if (!CLAIMABLE_KEY_KINDS[kind].includes(keyKind)) {
    throw new ValidationError(`${field}.key_kind`, `${keyKind} keys cannot be claimed for ${kind}`);
  }
  const why = reason(claim.reason, `${field}.reason`);
  const createdAt = time(claim.createdAt, `${field}.created_at`);
  const updatedAt = time(claim.updatedAt, `${field}.updated_at`);
  if (updatedAt < createdAt)
    throw new ValidationError(`${field}.updated_at`, 'must not be before created_at');
  const ends = claim.resolutionEndsAt && time(claim.resolutionEndsAt, `${field}.resolution_ends_at`);
  return {
    id: claim.id,
    kind,
    keyKind,
    key: requireText(claim.key, `${field}.key`, PIX_KEY_CHARS_MAX),
    status: status(claim.status, `${field}.status`),
    ...(why && { reason: why }),
    claimer: side(claim.claimer, `${field}.claimer`),
    donor: side(claim.donor, `${field}.donor`),
    ...(ends && { resolutionEndsAt: ends }),
    createdAt,
    updatedAt,
    history: claim.history.map((t, i) => change(t, `${field}.history[${i}]`)),
  };
}
