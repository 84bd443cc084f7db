import {
  Account,
  type AccountType,
  type Actor,
  Claim,
  type ClaimChange,
  type ClaimKind,
  type ClaimReason,
  type ClaimStatus,
  Ispb,
  type KeyKind,
  parseTaxId,
} from '../../domain';

/** The accounts on each side, prefixed `c_` (claimer) and `d_` (donor), beside the claim's own columns. */
const SIDE_COLUMNS = ['id', 'ispb', 'branch', 'number', 'type', 'owner_name', 'owner_tax_id'];
const side = (alias: string, prefix: string) =>
  SIDE_COLUMNS.map((c) => `${alias}.${c} AS ${prefix}${c}`).join(', ');

/** A claim with both its accounts; callers add WHERE, ORDER and any lock (`FOR UPDATE OF cl`). */
export const CLAIM_SELECT = `
  SELECT cl.id, cl.kind, cl.key_kind, cl.key, cl.status, cl.reason, cl.resolution_ends_at, cl.created_at,
         cl.updated_at, ${side('ca', 'c_')}, ${side('da', 'd_')}
    FROM claims cl
    JOIN accounts ca ON ca.id = cl.claimer_account_id
    JOIN accounts da ON da.id = cl.donor_account_id`;

type SideRow = Record<`${'c' | 'd'}_${string}`, string>;

export type ClaimRow = SideRow & {
  id: string;
  kind: ClaimKind;
  key_kind: KeyKind;
  key: string;
  status: ClaimStatus;
  reason: ClaimReason | null;
  resolution_ends_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

/** The statuses in which a claim still holds its key (the partial unique index's). */
export const OPEN_CLAIM_STATUSES: readonly ClaimStatus[] = ['open', 'waiting_resolution', 'confirmed'];

function accountOf(row: ClaimRow, prefix: 'c_' | 'd_'): Account {
  const column = (name: string) => row[`${prefix}${name}`];
  return Account.restore({
    id: column('id'),
    ispb: Ispb.create(column('ispb')),
    branch: column('branch'),
    number: column('number'),
    type: column('type') as AccountType,
    ownerName: column('owner_name'),
    ownerTaxId: parseTaxId(column('owner_tax_id')),
  });
}

/** Rows come from our own migration's CHECK constraints, so their enum-like strings are trusted here. */
export function claimFromRow(row: ClaimRow): Claim {
  return Claim.restore({
    id: row.id,
    kind: row.kind,
    keyKind: row.key_kind,
    key: row.key,
    claimer: accountOf(row, 'c_'),
    donor: accountOf(row, 'd_'),
    status: row.status,
    reason: row.reason ?? undefined,
    resolutionEndsAt: row.resolution_ends_at ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

export interface ClaimChangeRow {
  from_status: ClaimStatus | null;
  to_status: ClaimStatus;
  reason: ClaimReason | null;
  by: Actor;
  at: Date;
}

export const changeFromRow = (row: ClaimChangeRow): ClaimChange => ({
  from: row.from_status,
  to: row.to_status,
  reason: row.reason ?? undefined,
  by: row.by,
  at: row.at,
});
