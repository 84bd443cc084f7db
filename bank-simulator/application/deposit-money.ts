import { AccountNotFoundError, type CustomerAccount, parseAmount } from '../domain';
import type { BankTransactionRunner, Clock } from './ports';

/** Money arriving from outside the Pix system (cash, a salary): the only way new money enters a bank. */
export class DepositMoney {
  constructor(
    private readonly uow: BankTransactionRunner,
    private readonly clock: Clock,
  ) {}

  async execute(number: string, input: { amount?: unknown }): Promise<CustomerAccount> {
    const amount = parseAmount(input.amount);
    return this.uow.run(async (tx) => {
      const before = (await tx.accounts.lock([number])).get(number);
      if (!before) throw new AccountNotFoundError(number);
      const after = before.deposit(amount);
      await tx.accounts.save([{ before, after }]);
      await tx.accounts.appendStatement([
        { account: number, kind: 'deposit', amount, balanceAfter: after.props.balance, at: this.clock.now() },
      ]);
      return after;
    });
  }
}
