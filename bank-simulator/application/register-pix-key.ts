import { type KeyKind, normaliseKey, parseKeyKind, ValidationError } from '../../src/domain';
import { AccountClosedError, AccountNotFoundError, type CustomerAccount } from '../domain';
import type { BankTransactionRunner, HubDirectory, PixKeyInfo } from './ports';

/** Registers a key for a customer's account at the hub's directory; the hub owns keys, the bank keeps none. */
export class RegisterPixKey {
  constructor(
    private readonly uow: BankTransactionRunner,
    private readonly hub: HubDirectory,
  ) {}

  async execute(number: string, input: { kind?: unknown; key?: unknown }): Promise<PixKeyInfo> {
    const kind = parseKeyKind(input.kind, 'kind');
    const account = await this.uow.read((store) => store.accounts.find(number));
    if (!account) throw new AccountNotFoundError(number);
    if (!account.isOpen) throw new AccountClosedError(number);
    return this.hub.registerKey(account, kind, keyFor(account, kind, input.key));
  }
}

/** A cpf or cnpj key defaults to the owner's tax id; an evp key is made by the hub, so none is sent. */
function keyFor(account: CustomerAccount, kind: KeyKind, key: unknown): string {
  const absent = key === undefined || key === null || key === '';
  if (kind === 'evp') {
    if (!absent) throw new ValidationError('key', 'must be absent for an evp key: the hub makes one');
    return '';
  }
  if (absent && (kind === 'cpf' || kind === 'cnpj')) return account.props.ownerTaxId.value;
  return normaliseKey(kind, key, 'key');
}
