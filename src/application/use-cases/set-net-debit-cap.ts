import { Money, type SettlementAccount } from '../../domain';
import type { BankRepository } from '../ports/bank-repository';
import type { SettlementRepository } from '../ports/settlement-repository';
import { requireRegisteredBank } from '../require-active-bank';

/** An admin lets a bank's settlement balance go down to -cap (0 by default: never below zero). */
export class SetNetDebitCap {
  constructor(
    private readonly banks: BankRepository,
    private readonly settlements: SettlementRepository,
  ) {}

  async execute(input: { ispb: unknown; netDebitCap: unknown }): Promise<SettlementAccount> {
    const cap = Money.fromCents(input.netDebitCap, 'net_debit_cap');
    const { ispb } = await requireRegisteredBank(this.banks, input.ispb);
    return this.settlements.modify(ispb, (account) => account.setNetDebitCap(cap));
  }
}
