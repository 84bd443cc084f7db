import {
  type Claim,
  type ClaimAccount,
  ClaimKind,
  ClaimReason,
  ClaimRole,
  ClaimStatus,
} from '../src/gen/codepix/v1/claim';
import { keyValues, shortTime } from './output';
import { type Screen, table } from './table';
import { ACCOUNT_TYPES, KEY_KINDS } from './views';

/** CLI spellings of the claim enums: kinds, states and roles in lower case, reasons as the hub writes them. */
export const CLAIM_KINDS = {
  portability: ClaimKind.CLAIM_KIND_PORTABILITY,
  ownership: ClaimKind.CLAIM_KIND_OWNERSHIP,
} as const;
export type ClaimKindName = keyof typeof CLAIM_KINDS;

export const CLAIM_STATUSES = {
  open: ClaimStatus.CLAIM_STATUS_OPEN,
  waiting_resolution: ClaimStatus.CLAIM_STATUS_WAITING_RESOLUTION,
  confirmed: ClaimStatus.CLAIM_STATUS_CONFIRMED,
  completed: ClaimStatus.CLAIM_STATUS_COMPLETED,
  cancelled: ClaimStatus.CLAIM_STATUS_CANCELLED,
} as const;
export type ClaimStatusName = keyof typeof CLAIM_STATUSES;

export const CLAIM_REASONS = {
  USER_REQUESTED: ClaimReason.CLAIM_REASON_USER_REQUESTED,
  ACCOUNT_CLOSURE: ClaimReason.CLAIM_REASON_ACCOUNT_CLOSURE,
  FRAUD: ClaimReason.CLAIM_REASON_FRAUD,
  DEFAULT_OPERATION: ClaimReason.CLAIM_REASON_DEFAULT_OPERATION,
} as const;
export type ClaimReasonName = keyof typeof CLAIM_REASONS;

export const CLAIM_ROLES = {
  claimer: ClaimRole.CLAIM_ROLE_CLAIMER,
  donor: ClaimRole.CLAIM_ROLE_DONOR,
} as const;
export type ClaimRoleName = keyof typeof CLAIM_ROLES;

/** The CLI name of a proto value; null for unspecified or a value this CLI does not know. */
const nameOf = <T>(names: Record<string, T>, value: T): string | null =>
  Object.keys(names).find((name) => names[name] === value) ?? null;

/** What `--json` prints for one side of a claim. */
export interface ClaimSideView {
  ispb: string;
  branch: string;
  number: string;
  type: string | null;
  ownerName: string;
  ownerTaxIdMasked: string;
}

/** What `--json` prints for a claim; `history` only from `key claim show`. */
export interface ClaimView {
  id: string;
  kind: string | null;
  keyKind: string | null;
  key: string;
  status: string | null;
  reason: string | null;
  claimer: ClaimSideView | null;
  donor: ClaimSideView | null;
  resolutionEndsAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  history?: {
    from: string | null;
    to: string | null;
    reason: string | null;
    by: string;
    at: string | null;
  }[];
}

const sideView = (side: ClaimAccount | undefined): ClaimSideView | null =>
  side
    ? {
        ispb: side.ispb,
        branch: side.branch,
        number: side.number,
        type: nameOf(ACCOUNT_TYPES, side.type),
        ownerName: side.ownerName,
        ownerTaxIdMasked: side.ownerTaxIdMasked,
      }
    : null;

export const claimView = (c: Claim, withHistory = false): ClaimView => ({
  id: c.id,
  kind: nameOf(CLAIM_KINDS, c.kind),
  keyKind: nameOf(KEY_KINDS, c.keyKind),
  key: c.key,
  status: nameOf(CLAIM_STATUSES, c.status),
  reason: nameOf(CLAIM_REASONS, c.reason),
  claimer: sideView(c.claimer),
  donor: sideView(c.donor),
  resolutionEndsAt: c.resolutionEndsAt?.toISOString() ?? null,
  createdAt: c.createdAt?.toISOString() ?? null,
  updatedAt: c.updatedAt?.toISOString() ?? null,
  ...(withHistory && {
    history: c.history.map((h) => ({
      from: nameOf(CLAIM_STATUSES, h.from),
      to: nameOf(CLAIM_STATUSES, h.to),
      reason: nameOf(CLAIM_REASONS, h.reason),
      by: h.by,
      at: h.at?.toISOString() ?? null,
    })),
  }),
});

/** The part `ispb` plays in the claim: claimer, donor, or both (an ownership claim within one bank). */
export function roleOf(c: ClaimView, ispb: string): string {
  const claimer = c.claimer?.ispb === ispb;
  const donor = c.donor?.ispb === ispb;
  return claimer && donor ? 'both' : claimer ? 'claimer' : donor ? 'donor' : '-';
}

const sideText = (s: ClaimSideView | null) =>
  s ? `${s.ispb} ${s.branch}/${s.number} ${s.ownerName} (${s.ownerTaxIdMasked})` : '-';

/** One claim for people: its fields, then its history when it has one. */
export function describeClaim(c: ClaimView, screen?: Screen): string {
  const fields = keyValues([
    ['Claim', c.id],
    ['Kind', c.kind ?? '-'],
    ['Key', `${c.key} (${c.keyKind ?? '-'})`],
    ['Status', c.reason ? `${c.status} (${c.reason})` : (c.status ?? '-')],
    ['Claimer', sideText(c.claimer)],
    ['Donor', sideText(c.donor)],
    ['Resolution ends', shortTime(c.resolutionEndsAt)],
    ['Created', shortTime(c.createdAt)],
    ['Updated', shortTime(c.updatedAt)],
  ]);
  if (!c.history?.length) return fields;
  const steps = table(
    { at: 'AT', step: 'STEP', reason: 'REASON', by: 'BY' },
    c.history.map((h) => ({
      at: shortTime(h.at),
      step: h.from ? `${h.from} → ${h.to}` : `opened (${h.to})`,
      reason: h.reason ?? '',
      by: h.by,
    })),
    screen,
  );
  return `${fields}\n\n${steps}`;
}

/** Claims for people, as `ispb` sees them: one a line, its part in each. */
export function claimsTable(claims: ClaimView[], ispb: string, screen?: Screen): string {
  return table(
    {
      id: 'ID',
      kind: 'KIND',
      key: 'KEY',
      status: 'STATUS',
      role: 'ROLE',
      other: 'OTHER BANK',
      updatedAt: 'UPDATED',
    },
    claims.map((c) => {
      const role = roleOf(c, ispb);
      const other = role === 'claimer' ? c.donor : c.claimer;
      return {
        id: c.id,
        kind: c.kind ?? '-',
        key: c.key,
        status: c.status ?? '-',
        role,
        other: role === 'both' ? ispb : (other?.ispb ?? '-'),
        updatedAt: shortTime(c.updatedAt),
      };
    }),
    screen,
  );
}
