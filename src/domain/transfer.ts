import type { AccountRef } from './account-ref';
import type { EndToEndId } from './end-to-end-id';
import { PreconditionError } from './errors';
import type { Ispb } from './ispb';
import type { Money } from './money';
import type { Reconciliation, ReconciliationReason } from './reconciliation';
import type { RejectionReason } from './rejection-reason';

export type TransferStatus = 'pending' | 'confirmed' | 'completed' | 'rejected';
type TransferEvent = 'confirm' | 'complete' | 'reject';

/**
 * The one transition table. `pending → confirmed → completed` and `pending → rejected`;
 * completed and rejected are terminal. Anything not listed is refused.
 */
const TRANSITIONS: Record<TransferStatus, Partial<Record<TransferEvent, TransferStatus>>> = {
  pending: { confirm: 'confirmed', reject: 'rejected' },
  confirmed: { complete: 'completed' },
  completed: {},
  rejected: {},
};

export class InvalidTransitionError extends PreconditionError {
  constructor(
    readonly from: TransferStatus,
    readonly event: TransferEvent,
  ) {
    super('TRANSACTION.INVALID_TRANSITION', `cannot ${event} a ${from} transaction`);
  }
}

/** One entry of the append-only history. */
export interface Transition {
  from: TransferStatus;
  to: TransferStatus;
  reason?: RejectionReason;
  at: Date;
}

export interface TransferProps {
  id: EndToEndId;
  debtorIspb: Ispb;
  debtorAccount: AccountRef;
  creditorKey: string;
  /** Absent when the key led nowhere (the transfer is then rejected at once). */
  creditorIspb?: Ispb;
  creditorAccount?: AccountRef;
  amount: Money;
  description: string;
  status: TransferStatus;
  rejectionReason?: RejectionReason;
  /** For people: which field or rule, e.g. `amount: above the limit of 1000000.00`. */
  rejectionDetail?: string;
  /** A pending transfer not confirmed by then is rejected with DEADLINE_EXCEEDED. */
  deadline?: Date;
  /** Set when the hub raised the transfer for a person to put right; it does not change its status. */
  reconciliation?: Reconciliation;
  createdAt: Date;
  /** When its status last changed (raising it for reconciliation is not a change of status). */
  updatedAt: Date;
}

export type NewTransfer = Omit<
  TransferProps,
  'status' | 'rejectionReason' | 'rejectionDetail' | 'reconciliation' | 'updatedAt'
>;

/** A transfer between two accounts, identified by its end-to-end id. Its status moves only through the table. */
export class Transfer {
  private constructor(private props: TransferProps) {}

  static open(input: NewTransfer): Transfer {
    return new Transfer({ ...input, status: 'pending', updatedAt: input.createdAt });
  }

  static restore(props: TransferProps): Transfer {
    return new Transfer({ ...props });
  }

  get snapshot(): Readonly<TransferProps> {
    return this.props;
  }

  get status(): TransferStatus {
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

  reject(reason: RejectionReason, now: Date, detail?: string): Transition {
    const transition = this.apply('reject', now, reason);
    this.props.rejectionReason = reason;
    this.props.rejectionDetail = detail;
    return transition;
  }

  /** The creditor bank's ISPB when the key was resolved, else undefined. */
  get creditorIspb(): Ispb | undefined {
    return this.props.creditorIspb;
  }

  get id(): EndToEndId {
    return this.props.id;
  }

  /** The banks that hear about this transfer's state: the debtor and, once known, the creditor. */
  get parties(): Ispb[] {
    const { debtorIspb, creditorIspb } = this.props;
    return creditorIspb && !creditorIspb.equals(debtorIspb) ? [debtorIspb, creditorIspb] : [debtorIspb];
  }

  /**
   * Flags the transfer for reconciliation. Once is enough: a transfer already raised keeps its first
   * reason and this returns undefined. A rejected transfer moved no money, so there is nothing to put
   * right: raising one is a bug.
   */
  raiseForReconciliation(reason: ReconciliationReason, at: Date): Reconciliation | undefined {
    if (this.props.status === 'rejected') throw new Error(`transfer ${this.props.id} is rejected`);
    if (this.props.reconciliation) return undefined;
    this.props.reconciliation = { reason, raisedAt: at };
    return this.props.reconciliation;
  }

  isPastDeadline(now: Date): boolean {
    return this.props.deadline !== undefined && now.getTime() > this.props.deadline.getTime();
  }

  private apply(event: TransferEvent, at: Date, reason?: RejectionReason): Transition {
    const from = this.props.status;
    const to = TRANSITIONS[from][event];
    if (!to) throw new InvalidTransitionError(from, event);
    this.props.status = to;
    this.props.updatedAt = at;
    return { from, to, reason, at };
  }
}
