import type { AccountRef } from './account-ref';
import { assert } from './assert';
import type { EndToEndId } from './end-to-end-id';
import { PreconditionError } from './errors';
import type { Ispb } from './ispb';
import { REJECTION_DETAIL_CHARS_MAX } from './limits';
import type { Money } from './money';
import type { Reconciliation, ReconciliationReason } from './reconciliation';
import type { RefundOf } from './refund';
import type { RejectionReason } from './rejection-reason';
import { assertTransferFields, assertTransferInvariants } from './transfer-invariants';
import { truncateChars } from './validation';

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
    super('TRANSFER.INVALID_TRANSITION', `cannot ${event} a ${from} transfer`);
  }
}

/** One entry of the append-only history. */
export interface Transition {
  from: TransferStatus;
  to: TransferStatus;
  reason?: RejectionReason;
  at: Date;
}

/** Who changed a transfer, for its history: the hub itself or a bank by ISPB. */
export type Actor = 'hub' | `bank:${string}`;

/**
 * A change the transfer made and its unit of work has not stored yet: a row of its history (`from` null
 * for the creation), or its raise for reconciliation with who raised it and why.
 */
export type TransferChange =
  | {
      kind: 'transition';
      from: TransferStatus | null;
      to: TransferStatus;
      reason?: RejectionReason;
      by: Actor;
      at: Date;
    }
  | { kind: 'raised'; reconciliation: Reconciliation; by: Actor; detail: string };

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
  /** The payee's id for the payment, when the payer paid a BR Code that names one. */
  txid?: string;
  status: TransferStatus;
  rejectionReason?: RejectionReason;
  /** For people: which field or rule, e.g. `amount: above the limit of 1000000.00`. */
  rejectionDetail?: string;
  /** A pending transfer not confirmed by then is rejected with DEADLINE_EXCEEDED. */
  deadline?: Date;
  /** Set when the hub raised the transfer for a person to put right; it does not change its status. */
  reconciliation?: Reconciliation;
  /** A refund's original and reason; a refund has a `D` id and no creditor key (it pays the original's debtor). */
  refundOf?: RefundOf;
  /** When it was confirmed, moving the money: a refund's 90 days count from here. */
  settledAt?: Date;
  createdAt: Date;
  /** When its status last changed (raising it for reconciliation is not a change of status). */
  updatedAt: Date;
}

export type NewTransfer = Omit<
  TransferProps,
  'status' | 'rejectionReason' | 'rejectionDetail' | 'reconciliation' | 'updatedAt' | 'settledAt'
>;

/**
 * A transfer between two accounts, identified by its end-to-end id. Its status moves only through the
 * table. Its invariants (transfer-invariants.ts) are asserted on restore and after every change, and
 * every change is kept as a TransferChange until its unit of work takes them to store, so a change
 * cannot be made and left out of the history.
 * `open` makes a pending transfer before the request's decision: one refused is rejected at once, in the
 * same unit of work, so until then it may lack what an accepted one has.
 */
export class Transfer {
  private changes: TransferChange[] = [];

  private constructor(private props: TransferProps) {}

  /** A new transfer, pending; `by` is the debtor bank that asked for it. */
  static open(input: NewTransfer, by: Actor): Transfer {
    const transfer = new Transfer({ ...input, status: 'pending', updatedAt: input.createdAt });
    assertTransferFields(transfer.props);
    transfer.changes.push({ kind: 'transition', from: null, to: 'pending', by, at: input.createdAt });
    return transfer;
  }

  static restore(props: TransferProps): Transfer {
    const transfer = new Transfer({ ...props });
    assertTransferInvariants(transfer.props);
    return transfer;
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

  /** The changes made since it was opened, restored or last asked, oldest first; asking clears them. */
  takeChanges(): TransferChange[] {
    const taken = this.changes;
    this.changes = [];
    return taken;
  }

  confirm(now: Date, by: Actor): Transition {
    return this.apply('confirm', now, by, undefined, () => {
      this.props.settledAt = this.props.updatedAt;
    });
  }

  complete(now: Date, by: Actor): Transition {
    return this.apply('complete', now, by);
  }

  /** The detail is for people: cut to REJECTION_DETAIL_CHARS_MAX, never refused, so a rejection always stores. */
  reject(reason: RejectionReason, now: Date, by: Actor, detail?: string): Transition {
    return this.apply('reject', now, by, reason, () => {
      this.props.rejectionReason = reason;
      this.props.rejectionDetail =
        detail === undefined ? undefined : truncateChars(detail, REJECTION_DETAIL_CHARS_MAX);
    });
  }

  /** The creditor bank's ISPB when the key was resolved, else undefined. */
  get creditorIspb(): Ispb | undefined {
    return this.props.creditorIspb;
  }

  /**
   * The creditor of a transfer that was accepted (pending, confirmed or completed, or rejected after
   * that): its invariants guarantee one. Asking it of a transfer rejected at once is a bug.
   */
  get creditor(): { ispb: Ispb; account: AccountRef } {
    const { id, creditorIspb, creditorAccount } = this.props;
    assert(creditorIspb && creditorAccount, `transfer ${id} has no creditor`);
    return { ispb: creditorIspb, account: creditorAccount };
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
   * Flags the transfer for reconciliation, `by` whom and why. Once is enough: a transfer already raised
   * keeps its first reason and this returns undefined. A rejected transfer moved no money, so there is
   * nothing to put right: raising one is a bug. Never raised before it was created, whatever the clock
   * of the hub instance that raises it says.
   */
  raiseForReconciliation(
    reason: ReconciliationReason,
    at: Date,
    by: Actor,
    detail: string,
  ): Reconciliation | undefined {
    assert(
      this.props.status !== 'rejected',
      `transfer ${this.props.id} is rejected: there is nothing to reconcile`,
    );
    if (this.props.reconciliation) return undefined;
    const reconciliation = { reason, raisedAt: notBefore(at, this.props.createdAt) };
    this.props.reconciliation = reconciliation;
    assertTransferInvariants(this.props);
    this.changes.push({ kind: 'raised', reconciliation, by, detail });
    return reconciliation;
  }

  isPastDeadline(now: Date): boolean {
    return this.props.deadline !== undefined && now.getTime() > this.props.deadline.getTime();
  }

  /**
   * Moves the status by the table. A transition is never dated before the last one, whatever the clock
   * of the hub instance that makes it says: the history reads forward.
   */
  private apply(
    event: TransferEvent,
    now: Date,
    by: Actor,
    reason?: RejectionReason,
    change?: () => void,
  ): Transition {
    const from = this.props.status;
    const to = TRANSITIONS[from][event];
    if (!to) throw new InvalidTransitionError(from, event);
    const at = notBefore(now, this.props.updatedAt);
    this.props.status = to;
    this.props.updatedAt = at;
    change?.();
    assertTransferInvariants(this.props);
    this.changes.push({ kind: 'transition', from, to, reason, by, at });
    return { from, to, reason, at };
  }
}

/** `at`, or `floor` when `at` is earlier: a later instance whose clock runs behind cannot date back. */
function notBefore(at: Date, floor: Date): Date {
  return at.getTime() < floor.getTime() ? floor : at;
}
