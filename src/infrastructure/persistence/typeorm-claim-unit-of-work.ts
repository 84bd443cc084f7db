import type { EntityManager } from 'typeorm';
import type { OutboxMessage } from '../../../lib/messaging/outbox';
import { MESSAGE_TYPES, type TopicNames } from '../../../lib/messaging/topics';
import type { RunnableUnitOfWork } from '../../../lib/messaging/transaction-runner';
import { isUniqueViolation } from '../../../lib/persistence/pg-errors';
import type { ClaimUnitOfWork } from '../../application/ports/claim-unit-of-work';
import { type Account, AlreadyExistsError, type Claim, type Ispb, type PixKey } from '../../domain';
import { encodeClaimNotice } from '../proto/claim-mapping';
import { CLAIM_SELECT, type ClaimRow, claimFromRow, OPEN_CLAIM_STATUSES } from './claim-rows';
import { cacheKey, notifyDirectoryChange } from './directory-cache';
import { PixKeyOrmEntity } from './entities/pix-key.orm-entity';
import { pixKeyMapper } from './mappers';
import { TypeOrmAccountRepository } from './repositories/typeorm-account-repository';

const CLAIM_UPSERT = `
  INSERT INTO claims (id, kind, key_kind, key, claimer_account_id, donor_account_id, status, reason,
                      resolution_ends_at, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
    resolution_ends_at = EXCLUDED.resolution_ends_at, updated_at = EXCLUDED.updated_at`;

/**
 * The ClaimUnitOfWork over one Postgres transaction. Reads lock in one order, claim, then key, then
 * account; a claim's row, its history and the key it moves are written at flush, statement by
 * statement, because the key's old row must leave the active index before its new row enters it. The
 * notices are encoded at flush too, so each carries the claim as it is committed.
 */
export class TypeOrmClaimUnitOfWork implements ClaimUnitOfWork, RunnableUnitOfWork {
  private readonly claims = new Map<string, Claim>();
  private readonly added = new Set<string>();
  private readonly moves: [PixKey, PixKey][] = [];
  private readonly notices: { to: Ispb; claim: Claim }[] = [];
  readonly outbox: OutboxMessage[] = [];
  /** The keys this unit of work moved, for this instance's directory cache to forget once it commits. */
  readonly movedKeys: string[] = [];

  constructor(
    private readonly manager: EntityManager,
    private readonly topics: TopicNames,
  ) {}

  async findClaim(id: string): Promise<Claim | undefined> {
    if (!this.claims.has(id)) {
      const rows: ClaimRow[] = await this.manager.query(`${CLAIM_SELECT} WHERE cl.id = $1 FOR UPDATE OF cl`, [
        id,
      ]);
      if (rows.length === 0) return undefined;
      this.claims.set(id, claimFromRow(rows[0] as ClaimRow));
    }
    return this.claims.get(id);
  }

  async lockActiveKey(key: string): Promise<PixKey | undefined> {
    const locked: { id: string }[] = await this.manager.query(
      `SELECT id FROM pix_keys WHERE key = $1 AND status = 'active' FOR UPDATE`,
      [key],
    );
    if (locked.length === 0) return undefined;
    const row = await this.manager
      .getRepository(PixKeyOrmEntity)
      .findOneOrFail({ where: { id: locked[0]?.id }, relations: { account: true } });
    return row.account && pixKeyMapper.toDomain(row, row.account);
  }

  async hasOpenClaim(key: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      'SELECT 1 FROM claims WHERE key = $1 AND status = ANY($2) LIMIT 1',
      [key, OPEN_CLAIM_STATUSES],
    );
    return rows.length > 0;
  }

  findOrAddAccount(account: Account): Promise<Account> {
    return new TypeOrmAccountRepository(this.manager).findOrAdd(account);
  }

  async activeKeyCount(account: Account): Promise<number> {
    await this.manager.query('SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE', [account.id]);
    const [row]: { count: number }[] = await this.manager.query(
      `SELECT count(*)::int AS count FROM pix_keys WHERE account_id = $1 AND status = 'active'`,
      [account.id],
    );
    return row?.count ?? 0;
  }

  async unansweredPortabilities(now: Date, limit: number): Promise<Claim[]> {
    const rows: ClaimRow[] = await this.manager.query(
      `${CLAIM_SELECT}
       WHERE cl.status = 'waiting_resolution' AND cl.kind = 'portability' AND cl.resolution_ends_at <= $1
       ORDER BY cl.resolution_ends_at LIMIT $2 FOR UPDATE OF cl SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((row) => {
      const claim = claimFromRow(row);
      this.claims.set(claim.id, claim);
      return claim;
    });
  }

  addClaim(claim: Claim): void {
    this.claims.set(claim.id, claim);
    this.added.add(claim.id);
  }

  moveKey(from: PixKey, to: PixKey): void {
    this.moves.push([from, to]);
  }

  send(to: Ispb, claim: Claim): void {
    this.notices.push({ to, claim });
  }

  async flush(): Promise<void> {
    for (const claim of this.claims.values()) await this.saveClaim(claim);
    for (const [from, to] of this.moves) await this.saveMove(from, to);
    for (const { to, claim } of this.notices) {
      this.outbox.push({
        topic: this.topics.bank(to.value),
        key: claim.id,
        type: MESSAGE_TYPES.bankMessage,
        payload: encodeClaimNotice(claim),
      });
    }
  }

  /** A claim with changes is stored with them; one only read is left as it is. */
  private async saveClaim(claim: Claim): Promise<void> {
    const changes = claim.takeChanges();
    if (changes.length === 0 && !this.added.has(claim.id)) return;
    const c = claim.snapshot;
    try {
      await this.manager.query(CLAIM_UPSERT, [
        c.id,
        c.kind,
        c.keyKind,
        c.key,
        c.claimer.id,
        c.donor.id,
        c.status,
        c.reason ?? null,
        c.resolutionEndsAt ?? null,
        c.createdAt,
        c.updatedAt,
      ]);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_claims_open_key')) {
        throw new AlreadyExistsError('CLAIM.ALREADY_OPEN', `key ${c.key} has an open claim already`);
      }
      throw error;
    }
    for (const change of changes) {
      await this.manager.query(
        'INSERT INTO claim_changes (claim_id, from_status, to_status, reason, by, at) VALUES ($1, $2, $3, $4, $5, $6)',
        [c.id, change.from, change.to, change.reason ?? null, change.by, change.at],
      );
    }
  }

  /** Every hub instance's directory cache hears of the key at commit (LISTEN/NOTIFY). */
  private async saveMove(from: PixKey, to: PixKey): Promise<void> {
    await this.manager.query(
      `UPDATE pix_keys SET status = 'deleted', deleted_at = $2 WHERE id = $1 AND status = 'active'`,
      [from.id, from.deletedAt],
    );
    await this.manager.getRepository(PixKeyOrmEntity).insert(pixKeyMapper.toOrm(to));
    await notifyDirectoryChange(this.manager, cacheKey.pixKey(to.key));
    this.movedKeys.push(to.key);
  }
}
