import { Bank } from '../../domain';
import type { BankRepository } from '../ports/bank-repository';
import type { Clock } from '../ports/clock';

export class RegisterBank {
  constructor(
    private readonly banks: BankRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: { ispb: unknown; name: unknown }): Promise<Bank> {
    const bank = Bank.register(input, this.clock.now());
    await this.banks.add(bank);
    return bank;
  }
}
