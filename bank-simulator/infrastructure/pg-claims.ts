import type { EntityManager } from 'typeorm';
import type { ClaimKind, ClaimReason, ClaimStatus, KeyKind } from '../../src/domain';
import type { ClaimRepository } from '../application/ports';
import { BankClaim } from '../domain';
import { type DeferredWrite, immediate } from './deferred-write';

interface ClaimRow {
  id: string;
  kind: ClaimKind;
  key_kind: KeyKind;
  key: string;
  status: ClaimStatus;
  reason: ClaimReason | null;
  claimer_account: string | null;
  donor_account: string | null;
  counterparty_ispb: string;
  resolution_ends_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toClaim = (row: ClaimRow) =>
  BankClaim.of({
    id: row.id,
    kind: row.kind,
    keyKind: row.key_kind,
    key: row.key,
    status: row.status,
    reason: row.reason ?? undefined,
    claimerAccount: row.claimer_account ?? undefined,
    donorAccount: row.donor_account ?? undefined,
    counterpartyIspb: row.counterparty_ispb,
    resolutionEndsAt: row.resolution_ends_at ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

const COLUMNS = `id, kind, key_kind, key, status, reason, claimer_account, donor_account, counterparty_ispb,
  resolution_ends_at, created_at, updated_at`;

/** The claims' columns for an unnest, in COLUMNS order. */
const columns = (claims: readonly BankClaim[]) => {
  const p = claims.map((c) => c.props);
  return [
    p.map((c) => c.id),
    p.map((c) => c.kind),
    p.map((c) => c.keyKind),
    p.map((c) => c.key),
    p.map((c) => c.status),
    p.map((c) => c.reason ?? null),
    p.map((c) => c.claimerAccount ?? null),
    p.map((c) => c.donorAccount ?? null),
    p.map((c) => c.counterpartyIspb),
    p.map((c) => c.resolutionEndsAt ?? null),
    p.map((c) => c.createdAt),
    p.map((c) => c.updatedAt),
  ];
};

export function pgClaims(db: EntityManager, write: DeferredWrite = immediate(db)): ClaimRepository {
  return {
    lock: async (ids) => {
      if (ids.length === 0) return new Map();
      const rows: ClaimRow[] = await db.query(
        'SELECT * FROM claims WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
        [[...ids]],
      );
      return new Map(rows.map((row) => [row.id, toClaim(row)]));
    },

    find: async (id) => {
      const rows: ClaimRow[] = await db.query('SELECT * FROM claims WHERE id = $1', [id]);
      return rows[0] && toClaim(rows[0]);
    },

    // The rows were locked by lock(), which decided; the WHERE only keeps a row that a concurrent unit
    // of work inserted after lock() found none from being replaced by an older state.
    save: async (claims) => {
      if (claims.length === 0) return;
      await write(
        `INSERT INTO claims (${COLUMNS})
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::text[], $5::varchar[],
           $6::varchar[], $7::varchar[], $8::varchar[], $9::char(8)[], $10::timestamptz[],
           $11::timestamptz[], $12::timestamptz[])
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
           claimer_account = EXCLUDED.claimer_account, donor_account = EXCLUDED.donor_account,
           counterparty_ispb = EXCLUDED.counterparty_ispb, resolution_ends_at = EXCLUDED.resolution_ends_at,
           updated_at = EXCLUDED.updated_at
         WHERE claims.updated_at <= EXCLUDED.updated_at`,
        columns(claims),
      );
    },

    listByAccount: async (account, limit) => {
      const rows: ClaimRow[] = await db.query(
        `SELECT * FROM claims WHERE claimer_account = $1 OR donor_account = $1
         ORDER BY created_at DESC, id DESC LIMIT $2`,
        [account, limit],
      );
      return rows.map(toClaim);
    },

    // Served by the partial index ix_claims_to_acknowledge.
    awaitingAcknowledgement: async (limit) => {
      const rows: ClaimRow[] = await db.query(
        `SELECT * FROM claims WHERE status = 'open' AND donor_account IS NOT NULL
         ORDER BY updated_at LIMIT $1`,
        [limit],
      );
      return rows.map(toClaim);
    },
  };
}
