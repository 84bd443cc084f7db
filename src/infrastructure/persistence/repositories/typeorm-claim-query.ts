import type { DataSource } from 'typeorm';
import type { ClaimFilter, ClaimQuery, ClaimRecord } from '../../../application/ports/claim-unit-of-work';
import type { Claim } from '../../../domain';
import { CLAIM_SELECT, type ClaimChangeRow, type ClaimRow, changeFromRow, claimFromRow } from '../claim-rows';

/** Claims as read back, over the pool: nothing is locked. */
export class TypeOrmClaimQuery implements ClaimQuery {
  constructor(private readonly dataSource: DataSource) {}

  async get(id: string): Promise<ClaimRecord | undefined> {
    const rows: ClaimRow[] = await this.dataSource.query(`${CLAIM_SELECT} WHERE cl.id = $1`, [id]);
    if (rows.length === 0) return undefined;
    const changes: ClaimChangeRow[] = await this.dataSource.query(
      'SELECT from_status, to_status, reason, by, at FROM claim_changes WHERE claim_id = $1 ORDER BY id',
      [id],
    );
    return { claim: claimFromRow(rows[0] as ClaimRow), history: changes.map(changeFromRow) };
  }

  async list(filter: ClaimFilter): Promise<Claim[]> {
    const sides = {
      claimer: 'ca.ispb = $1',
      donor: 'da.ispb = $1',
      either: '(ca.ispb = $1 OR da.ispb = $1)',
    };
    const rows: ClaimRow[] = await this.dataSource.query(
      `${CLAIM_SELECT}
       WHERE ${sides[filter.role ?? 'either']}
         AND ($2::varchar IS NULL OR cl.status = $2) AND ($3::varchar IS NULL OR cl.kind = $3)
         AND ($4::varchar IS NULL OR cl.key = $4)
       ORDER BY cl.created_at DESC, cl.id LIMIT $5`,
      [filter.ispb, filter.status ?? null, filter.kind ?? null, filter.key ?? null, filter.limit],
    );
    return rows.map(claimFromRow);
  }
}
