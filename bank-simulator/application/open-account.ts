import { CustomerAccount, parseNewAccount } from '../domain';
import type { BankTransactionRunner, Clock } from './ports';

export class OpenAccount {
  constructor(
    private readonly uow: BankTransactionRunner,
    private readonly clock: Clock,
  ) {}

  async execute(input: Parameters<typeof parseNewAccount>[0]): Promise<CustomerAccount> {
    const request = parseNewAccount(input);
    return this.uow.run(async (tx) => {
      const account = CustomerAccount.open(request, await tx.accounts.nextNumber(), this.clock.now());
      await tx.accounts.insert(account);
      return account;
    });
  }
}
