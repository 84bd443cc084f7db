import { type Bank, Ispb, NotFoundError } from '../../domain';
import type { BankRepository } from '../ports/bank-repository';

/** Idempotent: deactivating an inactive bank returns it unchanged. */
export class DeactivateBank {
  constructor(private readonly banks: BankRepository) {}

  async execute(input: { ispb: unknown }): Promise<Bank> {
    const ispb = Ispb.create(input.ispb);
    const bank = await this.banks.findByIspb(ispb.value);
    if (!bank) throw new NotFoundError('BANK.NOT_FOUND', `bank ${ispb.value} is not registered`);
    if (bank.active) {
      bank.deactivate();
      await this.banks.update(bank);
    }
    return bank;
  }
}
