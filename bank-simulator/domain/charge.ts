import { AlreadyExistsError, assert, type Money, NotFoundError } from '../../src/domain';

export type ChargeStatus = 'active' | 'paid';

export interface ChargeProps {
  /** The dynamic BR Code's 62.05: unique at this bank, 26-35 letters and digits. */
  txid: string;
  /** The customer account the charge is paid into. */
  account: string;
  key: string;
  amount: Money;
  /** The BR Code, as given to the payer. */
  payload: string;
  status: ChargeStatus;
  /** The transfer that paid it, once paid. */
  endToEndId?: string;
  createdAt: Date;
  paidAt?: Date;
}

export class ChargeNotFoundError extends NotFoundError {
  constructor(txid: string) {
    super('CHARGE.NOT_FOUND', `no charge with txid ${txid}`);
  }
}

export class ChargeTxidTakenError extends AlreadyExistsError {
  constructor(txid: string) {
    super('CHARGE.TXID_TAKEN', `txid ${txid} already names a charge of this bank`);
  }
}

/**
 * What a dynamic BR Code asks for: one payment of its amount into one account. Immutable; `active →
 * paid` once, by the first incoming transfer that carries its txid and its amount. Invariant, asserted
 * on open, restore and pay: an amount of at least a cent; paid exactly when it names the transfer that
 * paid it and when.
 */
export class Charge {
  private constructor(readonly props: Readonly<ChargeProps>) {
    const { txid, amount, status, endToEndId, paidAt } = props;
    assert(
      !amount.isZero() && (status === 'paid') === (endToEndId !== undefined && paidAt !== undefined),
      `charge ${txid}: no amount, or ${status} with payment ${endToEndId} at ${paidAt?.toISOString()}`,
    );
  }

  static open(input: Omit<ChargeProps, 'status' | 'endToEndId' | 'paidAt'>): Charge {
    return new Charge({ ...input, status: 'active' });
  }

  static restore(props: ChargeProps): Charge {
    return new Charge({ ...props });
  }

  get txid(): string {
    return this.props.txid;
  }

  /** An incoming transfer may pay it: it is still active and the amount is its amount. */
  accepts(amount: Money): boolean {
    return this.props.status === 'active' && this.props.amount.equals(amount);
  }

  pay(endToEndId: string, at: Date): Charge {
    assert(this.props.status === 'active', `charge ${this.txid} is paid already`);
    return new Charge({ ...this.props, status: 'paid', endToEndId, paidAt: at });
  }
}
