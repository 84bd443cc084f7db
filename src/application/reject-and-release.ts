import { type RejectionReason, SettlementAccount, type Transfer } from '../domain';
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
  // A pending transfer holds a reservation: release asserts it, even on an account never funded.
  const account = (await uow.settlementAccount(debtorIspb)) ?? SettlementAccount.open(debtorIspb);
  const transition = transfer.reject(rejection.reason, now, rejection.detail);
  uow.recordLedger(account, account.release(transfer.id.value, amount, now));
  uow.recordTransition(transfer, transition, rejection.actor);
  notifyParties(uow, transfer);
}

/** The deadline passed before the creditor confirmed: what the sweeper and a late confirm both do. */
export function rejectExpired(uow: TransferUnitOfWork, transfer: Transfer, now: Date): Promise<void> {
  const deadline = transfer.snapshot.deadline?.toISOString();
  const detail = `deadline: not confirmed by ${deadline}`;
  return rejectAndRelease(uow, transfer, { reason: 'DEADLINE_EXCEEDED', detail, actor: 'hub' }, now);
}
