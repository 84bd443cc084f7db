import type { DataSource, EntityManager, Repository } from 'typeorm';
import type { AccountRepository } from '../../../application/ports/account-repository';
import type { Account } from '../../../domain';
import { AccountOrmEntity } from '../entities/account.orm-entity';
import { accountMapper } from '../mappers';

export class TypeOrmAccountRepository implements AccountRepository {
  private readonly rows: Repository<AccountOrmEntity>;

  /** Over the pool, or inside a caller's transaction. */
  constructor(source: DataSource | EntityManager) {
    this.rows = source.getRepository(AccountOrmEntity);
  }

  /** Insert-if-absent, then read: safe when two registrations for a new account race. */
  async findOrAdd(account: Account): Promise<Account> {
    await this.rows.createQueryBuilder().insert().values(accountMapper.toOrm(account)).orIgnore().execute();
    const { ispb, branch, number } = account.props;
    const row = await this.rows.findOneByOrFail({ ispb: ispb.value, branch, number });
    return accountMapper.toDomain(row);
  }
}
