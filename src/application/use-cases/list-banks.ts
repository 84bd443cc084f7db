import type { Bank } from '../../domain';
import type { BankRepository } from '../ports/bank-repository';

export class ListBanks {
  constructor(private readonly banks: BankRepository) {}

  execute(): Promise<Bank[]> {
    return this.banks.list();
  }
}
