import type { RejectionReason, Transfer } from '../domain';
import type { Actor, TransferUnitOfWork } from './ports/transfer-unit-of-work';

/** Tells every bank party to the transfer its current state: one notice per distinct bank. */
export function notifyParties(uow: TransferUnitOfWork, transfer: Transfer): void {
  for (const ispb of transfer.parties) uow.send(ispb, { type: 'transfer', transfer });
}

/**
 * Rejects a pending transfer and gives the debtor bank its reservation back, then tells both banks.
 * Every way a pending transfer ends in rejection goes through here, so none can forget the release.
 */
export async function rejectAndRelease(
  uow: TransferUnitOfWork,
  transfer: Transfer,
  rejection: { reason: RejectionReason; detail: string; actor: Actor },
  now: Date,
): Promise<void> {
  const { debtorIspb, amount } = transfer.snapshot;
  const account = await uow.settlementAccount(debtorIspb);
  transfer.reject(rejection.reason, now, rejection.actor, rejection.detail);
  account.release(transfer.id.value, amount, now);
  notifyParties(uow, transfer);
}

/** The deadline passed before the creditor confirmed: what the sweeper and a late confirm both do. */
export function rejectExpired(uow: TransferUnitOfWork, transfer: Transfer, now: Date): Promise<void> {
  const deadline = transfer.snapshot.deadline?.toISOString();
  const detail = `deadline: not confirmed by ${deadline}`;
  return rejectAndRelease(uow, transfer, { reason: 'DEADLINE_EXCEEDED', detail, actor: 'hub' }, now);
}
