import {
  ACCOUNT_TYPES,
  type AccountType,
  Money,
  parseBranch,
  parseTaxId,
  requireText,
  type TaxId,
  ValidationError,
} from '../../src/domain';
import { AccountClosedError, FundsOnHoldError, InsufficientFundsError } from './errors';

export type AccountStatus = 'open' | 'closed';

export interface CustomerAccountProps {
  branch: string;
  /** Assigned by the bank; unique across the bank, so it alone names the account in the API. */
  number: string;
  type: AccountType;
  ownerName: string;
  ownerTaxId: TaxId;
  status: AccountStatus;
  balance: Money;
  /** Promised to pending outgoing transfers. */
  held: Money;
  createdAt: Date;
}

/** What a customer asks for when opening an account, validated. */
export interface NewAccount {
  branch: string;
  type: AccountType;
  ownerName: string;
  ownerTaxId: TaxId;
}

export const DEFAULT_BRANCH = '0001';

export function parseNewAccount(input: {
  ownerName?: unknown;
  ownerTaxId?: unknown;
  type?: unknown;
  branch?: unknown;
}): NewAccount {
  const type = input.type ?? 'CACC';
  if (typeof type !== 'string' || !(ACCOUNT_TYPES as readonly string[]).includes(type)) {
    throw new ValidationError('type', `must be one of ${ACCOUNT_TYPES.join(', ')}`);
  }
  return {
    branch: parseBranch(input.branch ?? DEFAULT_BRANCH, 'branch'),
    type: type as AccountType,
    ownerName: requireText(input.ownerName, 'ownerName', 140),
    ownerTaxId: parseTaxId(input.ownerTaxId, 'ownerTaxId'),
  };
}

/**
 * A customer account. Invariants: 0 ≤ held ≤ balance (the database checks them too); only an open
 * account takes deposits or holds funds. Immutable: every change returns a new account, so a unit of
 * work can compare before and after.
 */
export class CustomerAccount {
  private constructor(readonly props: Readonly<CustomerAccountProps>) {}

  static open(input: NewAccount, number: string, at: Date): CustomerAccount {
    return new CustomerAccount({
      ...input,
      number,
      status: 'open',
      balance: Money.ZERO,
      held: Money.ZERO,
      createdAt: at,
    });
  }

  static restore(props: CustomerAccountProps): CustomerAccount {
    if (props.held.compare(props.balance) > 0)
      throw new RangeError(`account ${props.number}: held > balance`);
    return new CustomerAccount({ ...props });
  }

  get number(): string {
    return this.props.number;
  }

  get isOpen(): boolean {
    return this.props.status === 'open';
  }

  get available(): Money {
    return this.props.balance.subtract(this.props.held);
  }

  deposit(amount: Money): CustomerAccount {
    this.requireOpen();
    return this.with({ balance: this.props.balance.add(amount) });
  }

  /** Reserves money for an outgoing transfer; it stays in the balance until the hub confirms. */
  hold(amount: Money): CustomerAccount {
    this.requireOpen();
    if (this.available.compare(amount) < 0) throw new InsufficientFundsError(this.number);
    return this.with({ held: this.props.held.add(amount) });
  }

  /** The hub confirmed an outgoing transfer: the hold becomes a debit. */
  debitHeld(amount: Money): CustomerAccount {
    return this.with({
      balance: this.props.balance.subtract(amount),
      held: this.props.held.subtract(amount),
    });
  }

  /** The hub rejected an outgoing transfer: the money is free again. */
  releaseHold(amount: Money): CustomerAccount {
    return this.with({ held: this.props.held.subtract(amount) });
  }

  /**
   * The hub confirmed an incoming transfer. Allowed on a closed account: the money has already moved
   * between the banks' settlement accounts, so refusing it here would lose it.
   */
  credit(amount: Money): CustomerAccount {
    return this.with({ balance: this.props.balance.add(amount) });
  }

  /** Closing twice is harmless; closing with money on hold is refused. */
  close(): CustomerAccount {
    if (!this.isOpen) return this;
    if (!this.props.held.isZero()) throw new FundsOnHoldError(this.number);
    return this.with({ status: 'closed' });
  }

  private requireOpen(): void {
    if (!this.isOpen) throw new AccountClosedError(this.number);
  }

  private with(change: Partial<CustomerAccountProps>): CustomerAccount {
    return CustomerAccount.restore({ ...this.props, ...change });
  }
}
