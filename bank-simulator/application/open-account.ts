import { CustomerAccount, parseNewAccount } from '../domain';
import { parseNewPassword, savePassword } from './customer-passwords';
import type { BankTransactionRunner, Clock, PasswordHasher } from './ports';

/** An account opening as the operator asks for it; a password given sets the owner's too. */
type OpenAccountInput = Parameters<typeof parseNewAccount>[0] & { password?: unknown };

export class OpenAccount {
  constructor(
    private readonly uow: BankTransactionRunner,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(input: OpenAccountInput): Promise<CustomerAccount> {
    const request = parseNewAccount(input);
    const password = input.password === undefined ? undefined : parseNewPassword(input.password, this.hasher);
    // Hashed before the transaction: tens of milliseconds no row lock needs to wait for.
    const passwordHash = password === undefined ? undefined : await this.hasher.hash(password);
    return this.uow.run(async (tx) => {
      const now = this.clock.now();
      const account = CustomerAccount.open(request, await tx.accounts.nextNumber(), now);
      await tx.accounts.insert(account);
      if (passwordHash !== undefined) {
        const owner = { taxId: request.ownerTaxId.value, name: request.ownerName, passwordHash };
        await savePassword(tx, owner, now);
      }
      return account;
    });
  }
}
