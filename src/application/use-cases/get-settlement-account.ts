import { Ispb, PreconditionError, SettlementAccount } from '../../domain';
import type { BankRepository } from '../ports/bank-repository';
import type { SettlementRepository } from '../ports/settlement-repository';

/**
 * A bank's settlement account; a bank never funded has an empty one. A deactivated bank may still read
 * it: it keeps its money at the hub and must be able to see it while it winds down.
 */
export class GetSettlementAccount {
  constructor(
    private readonly banks: BankRepository,
    private readonly settlements: SettlementRepository,
  ) {}

  async execute(input: { ispb: unknown }): Promise<SettlementAccount> {
    const ispb = Ispb.create(input.ispb);
    // The registration half of requireActiveBank, same code and message.
    if (!(await this.banks.findByIspb(ispb.value))) {
      throw new PreconditionError('BANK.NOT_REGISTERED', `bank ${ispb.value} is not registered`);
    }
    return (await this.settlements.find(ispb)) ?? SettlementAccount.open(ispb);
  }
}
