import { SettlementAccount } from '../../domain';
import type { BankRepository } from '../ports/bank-repository';
import type { SettlementQuery } from '../ports/settlement-query';
import { requireRegisteredBank } from '../require-active-bank';

/**
 * A bank's settlement account; a bank never funded has an empty one. A deactivated bank may still read
 * it: it keeps its money at the hub and must be able to see it while it winds down.
 */
export class GetSettlementAccount {
  constructor(
    private readonly banks: BankRepository,
    private readonly settlements: SettlementQuery,
  ) {}

  async execute(input: { ispb: unknown }): Promise<SettlementAccount> {
    const { ispb } = await requireRegisteredBank(this.banks, input.ispb);
    return (await this.settlements.find(ispb)) ?? SettlementAccount.open(ispb);
  }
}
