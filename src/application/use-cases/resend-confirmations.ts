import type { Clock } from '../ports/clock';
import type { TransferUnitOfWork, Unacknowledged } from '../ports/transfer-unit-of-work';

/** When the hub reminds a debtor bank of a confirmed transfer it has not acknowledged, and gives up. */
export interface ReminderPolicy {
  /** How long after confirming the first reminder waits: a bank that is up acks in milliseconds. */
  firstAfterMs: number;
  /** The wait doubles after each reminder, up to this. */
  maxIntervalMs: number;
  /** How long after confirming an unacknowledged transfer is raised for reconciliation instead. */
  reconcileAfterMs: number;
}

export interface ResendReport {
  resent: number;
  raised: number;
}

/**
 * The ack sweeper: a confirmed transfer stays confirmed until the debtor bank acknowledges it with
 * COMPLETED, and the debtor may have missed the notice (lost its database, was down for long). So the
 * CONFIRMED notice is sent to it again, with backoff, and once `reconcileAfterMs` has passed the transfer
 * is raised for reconciliation (ACK_OVERDUE) and no longer reminded. The creditor bank is not reminded:
 * it sends no ack, so the hub cannot know it missed anything. Several hub instances may run it at once;
 * each unit of work gets only rows no other one holds.
 */
export class ResendConfirmations {
  constructor(
    private readonly clock: Clock,
    private readonly policy: ReminderPolicy,
  ) {
    if (policy.firstAfterMs < 1 || policy.maxIntervalMs < policy.firstAfterMs) {
      throw new Error('reminder intervals must be positive, the longest at least the first');
    }
  }

  async execute(uow: TransferUnitOfWork, limit: number): Promise<ResendReport> {
    const now = this.clock.now();
    const { firstAfterMs, reconcileAfterMs } = this.policy;
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const due = await uow.unacknowledged(
      { now, confirmedBefore: ago(firstAfterMs), overdueBefore: ago(reconcileAfterMs) },
      limit,
    );
    const report: ResendReport = { resent: 0, raised: 0 };
    for (const entry of due) {
      const outcome = this.chase(uow, entry, now);
      if (outcome) report[outcome]++;
    }
    return report;
  }

  /** What one transfer needs now; rechecked, as the adapter's query and this clock may disagree. */
  private chase(uow: TransferUnitOfWork, { transfer, reminder }: Unacknowledged, now: Date) {
    const t = transfer.snapshot;
    if (t.status !== 'confirmed' || t.reconciliation) return undefined;
    const waited = now.getTime() - t.updatedAt.getTime();
    if (waited >= this.policy.reconcileAfterMs) {
      const count = reminder?.count ?? 0;
      const detail =
        `no COMPLETED from the debtor bank ${t.debtorIspb.value} in ${Math.round(waited / 1000)} s ` +
        `since it was confirmed (${t.amount.toString()} moved), after ${count} reminders`;
      transfer.raiseForReconciliation('ACK_OVERDUE', now, 'hub', detail);
      return 'raised' as const;
    }
    const isDue = reminder ? now >= reminder.nextAt : waited >= this.policy.firstAfterMs;
    if (!isDue) return undefined;
    const count = (reminder?.count ?? 0) + 1;
    const wait = Math.min(this.policy.maxIntervalMs, this.policy.firstAfterMs * 2 ** count);
    uow.send(t.debtorIspb, { type: 'transfer', transfer });
    uow.recordReminder(transfer, { count, nextAt: new Date(now.getTime() + wait) });
    return 'resent' as const;
  }
}
