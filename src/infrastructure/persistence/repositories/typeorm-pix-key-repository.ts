import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../../../lib/persistence/pg-errors';
import { type PixKeyView } from '../../../application/pix-key-view';
import type { PixKeyRepository } from '../../../application/ports/pix-key-repository';
import {
  type AccountType,
  AlreadyExistsError,
  type KeyKind,
  type PixKey,
  PreconditionError,
  parseTaxId,
} from '../../../domain';
import { cacheKey, notifyDirectoryChange } from '../directory-cache';
import { AccountOrmEntity } from '../entities/account.orm-entity';
import { PixKeyOrmEntity } from '../entities/pix-key.orm-entity';
import { pixKeyMapper } from '../mappers';

interface ViewRow {
  key: string;
  kind: KeyKind;
  created_at: Date;
  owner_name: string;
  owner_tax_id: string;
  ispb: string;
  branch: string;
  number: string;
  type: AccountType;
  bank_name: string;
}

const VIEW_SQL = `
  SELECT k.key, k.kind, k.created_at, a.owner_name, a.owner_tax_id, a.ispb, a.branch, a.number, a.type,
         b.name AS bank_name
    FROM pix_keys k
    JOIN accounts a ON a.id = k.account_id
    JOIN banks b ON b.ispb = a.ispb
   WHERE k.status = 'active'`;

function toView(row: ViewRow): PixKeyView {
  return {
    key: row.key,
    kind: row.kind,
    ownerName: row.owner_name,
    ownerTaxIdMasked: parseTaxId(row.owner_tax_id).masked(),
    ispb: row.ispb,
    bankName: row.bank_name,
    branch: row.branch,
    accountNumber: row.number,
    accountType: row.type,
    createdAt: row.created_at,
  };
}

export class TypeOrmPixKeyRepository implements PixKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async addWithinLimit(key: PixKey, limit: number): Promise<void> {
    try {
      await this.dataSource.transaction(async (tx) => {
        // The account row lock serialises registrations for one account, so the count below stays true.
        await tx.getRepository(AccountOrmEntity).findOne({
          where: { id: key.account.id },
          lock: { mode: 'pessimistic_write' },
        });
        const active = await tx
          .getRepository(PixKeyOrmEntity)
          .countBy({ accountId: key.account.id, status: 'active' });
        if (active >= limit) {
          throw new PreconditionError(
            'PIX_KEY.LIMIT_REACHED',
            `the account already has ${limit} active keys`,
          );
        }
        await tx.getRepository(PixKeyOrmEntity).insert(pixKeyMapper.toOrm(key));
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_pix_keys_active_key')) {
        throw new AlreadyExistsError('PIX_KEY.ALREADY_EXISTS', `key ${key.key} is already registered`);
      }
      throw error;
    }
  }

  async findActive(key: string): Promise<PixKey | null> {
    const row = await this.dataSource
      .getRepository(PixKeyOrmEntity)
      .findOne({ where: { key, status: 'active' }, relations: { account: true } });
    return row?.account ? pixKeyMapper.toDomain(row, row.account) : null;
  }

  async markDeleted(key: PixKey): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const result = await tx
        .getRepository(PixKeyOrmEntity)
        .update({ id: key.id, status: 'active' }, { status: 'deleted', deletedAt: key.deletedAt });
      await notifyDirectoryChange(tx, cacheKey.pixKey(key.key));
      return result.affected === 1;
    });
  }

  async findView(key: string): Promise<PixKeyView | null> {
    const rows: ViewRow[] = await this.dataSource.query(`${VIEW_SQL} AND k.key = $1`, [key]);
    return rows.length ? toView(rows[0]) : null;
  }

  async listViewsByAccount(ispb: string, branch: string, number: string): Promise<PixKeyView[]> {
    const rows: ViewRow[] = await this.dataSource.query(
      `${VIEW_SQL} AND a.ispb = $1 AND a.branch = $2 AND a.number = $3 ORDER BY k.created_at, k.key`,
      [ispb, branch, number],
    );
    return rows.map(toView);
  }
}
