import { Bank, ValidationError } from '../../domain';
import type { LookupPolicy } from '../lookup-policy';
import type { BankRepository } from '../ports/bank-repository';
import type { Clock } from '../ports/clock';

export class RegisterBank {
  constructor(
    private readonly banks: BankRepository,
    private readonly clock: Clock,
    private readonly lookups: Pick<LookupPolicy, 'categories'>,
  ) {}

  async execute(input: { ispb: unknown; name: unknown; lookupCategory?: unknown }): Promise<Bank> {
    const bank = Bank.register(input, this.clock.now());
    const category = bank.lookupCategory;
    if (category !== undefined && !this.lookups.categories[category]) {
      const known = Object.keys(this.lookups.categories).sort().join(', ');
      throw new ValidationError('lookup_category', `must be one of ${known}`);
    }
    await this.banks.add(bank);
    return bank;
  }
}
