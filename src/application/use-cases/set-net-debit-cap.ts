import { Money, type SettlementAccount } from '../../domain';
import type { BankRepository } from '../ports/bank-repository';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';
import { requireRegisteredBank } from '../require-active-bank';

/**
 * An admin lets a bank's settlement balance go down to -cap (0 by default: never below zero). The
 * account is locked as any transfer locks it, so a cap never slips past a reservation in flight.
 */
export class SetNetDebitCap {
  constructor(private readonly banks: BankRepository) {}

  async execute(
    uow: TransferUnitOfWork,
    input: { ispb: unknown; netDebitCap: unknown },
  ): Promise<SettlementAccount> {
    const cap = Money.fromCents(input.netDebitCap, 'net_debit_cap');
    const { ispb } = await requireRegisteredBank(this.banks, input.ispb);
    const account = await uow.settlementAccount(ispb);
    account.setNetDebitCap(cap);
    return account;
  }
}
