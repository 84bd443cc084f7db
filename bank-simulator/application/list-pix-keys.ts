import { AccountNotFoundError } from '../domain';
import type { BankTransactionRunner, HubDirectory, PixKeyInfo } from './ports';

/** The account's active keys, as the hub's directory has them. */
export class ListPixKeys {
  constructor(
    private readonly uow: BankTransactionRunner,
    private readonly hub: HubDirectory,
  ) {}

  async execute(number: string): Promise<PixKeyInfo[]> {
    const account = await this.uow.read((store) => store.accounts.find(number));
    if (!account) throw new AccountNotFoundError(number);
    return this.hub.listKeys(account);
  }
}
