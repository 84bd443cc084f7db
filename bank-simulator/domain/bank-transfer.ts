import { type Money, PreconditionError, type RejectionReason } from '../../src/domain';

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
  /** The Pix key paid. */
  counterpartyKey?: string;
  amount: Money;
  description: string;
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
 */
export class BankTransfer {
  private constructor(readonly props: Readonly<BankTransferProps>) {}

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

  private move(event: TransferEvent, at: Date, reason?: RejectionReason): BankTransfer {
    const to = TRANSITIONS[this.props.status][event];
    if (!to) throw new InvalidTransferTransitionError(this.props.status, event);
    return new BankTransfer({ ...this.props, status: to, reason, updatedAt: at });
  }
}

/** The map key of one record: an end-to-end id names up to two records, one per direction. */
export const recordKey = (endToEndId: string, direction: TransferDirection) => `${endToEndId}/${direction}`;
