import type { ReconciliationReason, Transfer } from '../domain';
import type { Actor, TransferUnitOfWork } from './ports/transfer-unit-of-work';

/**
 * Raises a transfer for reconciliation and stores who raised it and why; every way a transfer is
 * raised goes through here. Returns false when it was raised already (its first reason stands).
 * The adapter reports what was raised (an error-level log and a metric) once the unit of work commits.
 */
export function raiseForReconciliation(
  uow: TransferUnitOfWork,
  transfer: Transfer,
  alert: { reason: ReconciliationReason; raisedBy: Actor; detail: string },
  now: Date,
): boolean {
  if (!transfer.raiseForReconciliation(alert.reason, now)) return false;
  uow.recordReconciliation(transfer, alert.raisedBy, alert.detail);
  return true;
}
