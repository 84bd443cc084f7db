import {
  assert,
  type Money,
  PreconditionError,
  type RefundReason,
  type RejectionReason,
} from '../../src/domain';

export type TransferDirection = 'outgoing' | 'incoming';
/** `confirmed` is part of the API contract; this bank applies a confirmation and completes in one step. */
export type TransferStatus = 'pending' | 'confirmed' | 'completed' | 'rejected';
type TransferEvent = 'complete' | 'reject';

/** The one transition table: `pending → completed`, `pending → rejected`; both are terminal. */
const TRANSITIONS: Record<TransferStatus, Partial<Record<TransferEvent, TransferStatus>>> = {
  pending: { complete: 'completed', reject: 'rejected' },
  confirmed: { complete: 'completed', reject: 'rejected' },
  completed: {},
  rejected: {},
};

export class InvalidTransferTransitionError extends PreconditionError {
  constructor(from: TransferStatus, event: TransferEvent) {
    super('TRANSFER.INVALID_TRANSITION', `cannot ${event} a ${from} transfer`);
  }
}

export interface BankTransferProps {
  endToEndId: string;
  direction: TransferDirection;
  /** The customer account at this bank: the debtor's when outgoing, the creditor's when incoming. */
  account: string;
  /** The Pix key paid (a refund pays no key: it goes back to the account its original came from). */
  counterpartyKey?: string;
  /** A refund's original transfer and why it is refunded. */
  refundOf?: { originalEndToEndId: string; reason: RefundReason };
  amount: Money;
  description: string;
  /** The payee's id for the payment, from the BR Code paid; absent when the payer typed a key. */
  txid?: string;
  status: TransferStatus;
  reason?: RejectionReason;
  /** Outgoing only: the customer's Idempotency-Key and the fingerprint of the order it was sent with. */
  idempotencyKey?: string;
  fingerprint?: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewBankTransfer = Omit<BankTransferProps, 'status' | 'reason' | 'updatedAt'>;

/**
 * One side of a transfer as this bank records it. A transfer between two accounts of this bank has
 * two records under one end-to-end id, one per direction. Immutable; status moves only by the table.
 * Invariants, asserted on start, restore and every move: an amount of at least a cent; an outgoing
 * record has its Idempotency-Key and fingerprint and an incoming one neither (the database checks the
 * key too); only a rejected one has a reason; createdAt <= updatedAt.
 */
export class BankTransfer {
  private constructor(readonly props: Readonly<BankTransferProps>) {
    const { endToEndId, amount, direction, idempotencyKey, fingerprint, status, reason } = props;
    assert(
      !amount.isZero() &&
        (direction === 'outgoing') === (idempotencyKey !== undefined) &&
        (direction === 'outgoing') === (fingerprint !== undefined),
      `${direction} transfer ${endToEndId}: no amount, or an idempotency key that does not fit its direction`,
    );
    assert(
      (status === 'rejected' || reason === undefined) &&
        props.createdAt.getTime() <= props.updatedAt.getTime(),
      `${status} transfer ${endToEndId} with reason ${reason}, or updated before it was created`,
    );
  }

  static start(input: NewBankTransfer): BankTransfer {
    return new BankTransfer({ ...input, status: 'pending', updatedAt: input.createdAt });
  }

  static restore(props: BankTransferProps): BankTransfer {
    return new BankTransfer({ ...props });
  }

  get endToEndId(): string {
    return this.props.endToEndId;
  }

  get direction(): TransferDirection {
    return this.props.direction;
  }

  get status(): TransferStatus {
    return this.props.status;
  }

  get isPending(): boolean {
    return this.props.status === 'pending';
  }

  complete(at: Date): BankTransfer {
    return this.move('complete', at);
  }

  reject(reason: RejectionReason | undefined, at: Date): BankTransfer {
    return this.move('reject', at, reason);
  }

  /** A move is never dated before the last one, so a clock set back cannot make the history read backwards. */
  private move(event: TransferEvent, at: Date, reason?: RejectionReason): BankTransfer {
    const to = TRANSITIONS[this.props.status][event];
    if (!to) throw new InvalidTransferTransitionError(this.props.status, event);
    const updatedAt = at.getTime() < this.props.updatedAt.getTime() ? this.props.updatedAt : at;
    return new BankTransfer({ ...this.props, status: to, reason, updatedAt });
  }
}

/** The map key of one record: an end-to-end id names up to two records, one per direction. */
export const recordKey = (endToEndId: string, direction: TransferDirection) => `${endToEndId}/${direction}`;
