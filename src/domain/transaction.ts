import type { EndToEndId } from './end-to-end-id';
import { PreconditionError } from './errors';
import type { Ispb } from './ispb';
import type { Money } from './money';

export type TransactionStatus = 'pending' | 'confirmed' | 'completed' | 'rejected';
type TransactionEvent = 'confirm' | 'complete' | 'reject';

/**
 * The one transition table. `pending → confirmed → completed` and `pending → rejected`;
 * completed and rejected are terminal. Anything not listed is refused.
 */
const TRANSITIONS: Record<TransactionStatus, Partial<Record<TransactionEvent, TransactionStatus>>> = {
  pending: { confirm: 'confirmed', reject: 'rejected' },
  confirmed: { complete: 'completed' },
  completed: {},
  rejected: {},
};

export class InvalidTransitionError extends PreconditionError {
  constructor(
    readonly from: TransactionStatus,
    readonly event: TransactionEvent,
  ) {
    super('TRANSACTION.INVALID_TRANSITION', `cannot ${event} a ${from} transaction`);
  }
}

/** One entry of the append-only history. */
export interface Transition {
  from: TransactionStatus;
  to: TransactionStatus;
  reason?: string;
  at: Date;
}

export interface TransactionProps {
  id: EndToEndId;
  debtorIspb: Ispb;
  creditorIspb: Ispb;
  creditorKey: string;
  amount: Money;
  description: string;
  status: TransactionStatus;
  rejectionReason?: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewTransaction = Omit<TransactionProps, 'status' | 'rejectionReason' | 'updatedAt'>;

/** A transfer between two accounts, identified by its end-to-end id. Its status moves only through the table. */
export class Transaction {
  private constructor(private props: TransactionProps) {}

  static open(input: NewTransaction): Transaction {
    return new Transaction({ ...input, status: 'pending', updatedAt: input.createdAt });
  }

  static restore(props: TransactionProps): Transaction {
    return new Transaction({ ...props });
  }

  get snapshot(): Readonly<TransactionProps> {
    return this.props;
  }

  get status(): TransactionStatus {
    return this.props.status;
  }

  get isTerminal(): boolean {
    return Object.keys(TRANSITIONS[this.props.status]).length === 0;
  }

  confirm(now: Date): Transition {
    return this.apply('confirm', now);
  }

  complete(now: Date): Transition {
    return this.apply('complete', now);
  }

  reject(reason: string, now: Date): Transition {
    const transition = this.apply('reject', now, reason);
    this.props.rejectionReason = reason;
    return transition;
  }

  private apply(event: TransactionEvent, at: Date, reason?: string): Transition {
    const from = this.props.status;
    const to = TRANSITIONS[from][event];
    if (!to) throw new InvalidTransitionError(from, event);
    this.props.status = to;
    this.props.updatedAt = at;
    return { from, to, reason, at };
  }
}
