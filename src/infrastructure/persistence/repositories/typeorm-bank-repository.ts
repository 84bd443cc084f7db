import type { DataSource, Repository } from 'typeorm';
import { isUniqueViolation } from '../../../../lib/persistence/pg-errors';
import type { BankRepository } from '../../../application/ports/bank-repository';
import { AlreadyExistsError, type Bank } from '../../../domain';
import { cacheKey, notifyDirectoryChange } from '../directory-cache';
import { BankOrmEntity } from '../entities/bank.orm-entity';
import { bankMapper } from '../mappers';

export class TypeOrmBankRepository implements BankRepository {
  private readonly rows: Repository<BankOrmEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.rows = dataSource.getRepository(BankOrmEntity);
  }

  async add(bank: Bank): Promise<void> {
    try {
      await this.rows.insert(bankMapper.toOrm(bank));
    } catch (error) {
      if (isUniqueViolation(error, 'banks_pkey')) {
        throw new AlreadyExistsError('BANK.ALREADY_EXISTS', `bank ${bank.ispb.value} is already registered`);
      }
      throw error;
    }
  }

  async update(bank: Bank): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(BankOrmEntity).save(bankMapper.toOrm(bank));
      await notifyDirectoryChange(tx, cacheKey.bank(bank.ispb.value));
    });
  }

  async findByIspb(ispb: string): Promise<Bank | null> {
    const row = await this.rows.findOneBy({ ispb });
    return row && bankMapper.toDomain(row);
  }

  async list(): Promise<Bank[]> {
    const rows = await this.rows.find({ order: { ispb: 'ASC' } });
    return rows.map(bankMapper.toDomain);
  }
}
