import { AccountNotFoundError, type CustomerAccount } from '../domain';
import type { BankTransactionRunner } from './ports';

/** A closed account takes no deposits, sends nothing and refuses incoming transfers; it keeps its money. */
export class CloseAccount {
  constructor(private readonly uow: BankTransactionRunner) {}

  async execute(number: string): Promise<CustomerAccount> {
    return this.uow.run(async (tx) => {
      const before = (await tx.accounts.lock([number])).get(number);
      if (!before) throw new AccountNotFoundError(number);
      const after = before.close();
      if (after !== before) await tx.accounts.save([{ before, after }]);
      return after;
    });
  }
}
