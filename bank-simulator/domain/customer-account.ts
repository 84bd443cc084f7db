import {
  ACCOUNT_TYPES,
  type AccountType,
  assert,
  charCount,
  INT64_MAX,
  Money,
  OWNER_NAME_CHARS_MAX,
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
    ownerName: requireText(input.ownerName, 'ownerName', OWNER_NAME_CHARS_MAX),
    ownerTaxId: parseTaxId(input.ownerTaxId, 'ownerTaxId'),
  };
}

/**
 * A customer account. Invariants, asserted on restore and so after every change: 0 ≤ held ≤ balance ≤
 * INT64_MAX (the database checks the first two too); a closed account holds nothing; the owner's name
 * fits its column. Only an open account takes deposits or holds funds; every change moves at least a
 * cent. Immutable: every change returns a new account, so a unit of work can compare before and after.
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
    const { number, held, balance, status } = props;
    assert(
      held.compare(balance) <= 0 && balance.cents <= INT64_MAX,
      `account ${number}: held ${held.cents} > balance ${balance.cents}, or past int64`,
    );
    assert(
      (status === 'open' || held.isZero()) && charCount(props.ownerName) <= OWNER_NAME_CHARS_MAX,
      `account ${number}: ${status} with ${held.cents} held, or an owner name past its column`,
    );
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
    return this.with(amount, { balance: this.props.balance.add(amount) });
  }

  /** Reserves money for an outgoing transfer; it stays in the balance until the hub confirms. */
  hold(amount: Money): CustomerAccount {
    this.requireOpen();
    if (this.available.compare(amount) < 0) throw new InsufficientFundsError(this.number);
    return this.with(amount, { held: this.props.held.add(amount) });
  }

  /** The hub confirmed an outgoing transfer: the hold becomes a debit. Debiting more than is held is a bug. */
  debitHeld(amount: Money): CustomerAccount {
    this.assertHeld(amount);
    return this.with(amount, {
      balance: this.props.balance.subtract(amount),
      held: this.props.held.subtract(amount),
    });
  }

  /** The hub rejected an outgoing transfer: the money is free again. Releasing more than is held is a bug. */
  releaseHold(amount: Money): CustomerAccount {
    this.assertHeld(amount);
    return this.with(amount, { held: this.props.held.subtract(amount) });
  }

  /**
   * The hub confirmed an incoming transfer. Allowed on a closed account: the money has already moved
   * between the banks' settlement accounts, so refusing it here would lose it.
   */
  credit(amount: Money): CustomerAccount {
    return this.with(amount, { balance: this.props.balance.add(amount) });
  }

  /** A business customer pays for receiving a Pix (BANK_RECEIVED_FEE_CENTS). */
  get isBusiness(): boolean {
    return this.props.ownerTaxId.kind === 'cnpj';
  }

  /**
   * Charges a fee out of what is free (never out of money held for a pending send); the bank charges
   * it right after a credit at least as large, so it is a bug when it does not fit.
   */
  chargeFee(amount: Money): CustomerAccount {
    assert(
      amount.cents <= this.props.balance.cents - this.props.held.cents,
      `account ${this.number} cannot pay a fee of ${amount}`,
    );
    return this.with(amount, { balance: this.props.balance.subtract(amount) });
  }

  /** Closing twice is harmless; closing with money on hold is refused. */
  close(): CustomerAccount {
    if (!this.isOpen) return this;
    if (!this.props.held.isZero()) throw new FundsOnHoldError(this.number);
    return CustomerAccount.restore({ ...this.props, status: 'closed' });
  }

  private requireOpen(): void {
    if (!this.isOpen) throw new AccountClosedError(this.number);
  }

  private assertHeld(amount: Money): void {
    assert(
      amount.compare(this.props.held) <= 0,
      `account ${this.number} holds ${this.props.held}, not ${amount}`,
    );
  }

  /** A change that moves `amount` (at least a cent: the statement's CHECK), checked by restore. */
  private with(amount: Money, change: Partial<CustomerAccountProps>): CustomerAccount {
    assert(!amount.isZero(), `account ${this.number}: a change of zero`);
    return CustomerAccount.restore({ ...this.props, ...change });
  }
}
