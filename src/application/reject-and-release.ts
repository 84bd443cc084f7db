import type { RejectionReason, Transaction } from '../domain';
import type { Actor, TransferUnitOfWork } from './ports/transfer-unit-of-work';

/** Tells every bank party to the transfer its current state: one notice per distinct bank. */
export function notifyParties(uow: TransferUnitOfWork, transaction: Transaction): void {
  for (const ispb of transaction.parties) uow.send(ispb, { type: 'transfer', transaction });
}

/**
 * Rejects a pending transfer and gives the debtor bank its reservation back, then tells both banks.
 * Every way a pending transfer ends in rejection goes through here, so none can forget the release.
 */
export async function rejectAndRelease(
  uow: TransferUnitOfWork,
  transaction: Transaction,
  rejection: { reason: RejectionReason; detail: string; actor: Actor },
  now: Date,
): Promise<void> {
  const { debtorIspb, amount } = transaction.snapshot;
  const account = await uow.settlementAccount(debtorIspb);
  // A pending transfer always holds a reservation, so its debtor always has an account.
  if (!account) throw new Error(`pending transfer ${transaction.id} has no debtor settlement account`);
  const transition = transaction.reject(rejection.reason, now, rejection.detail);
  uow.recordLedger(account, account.release(transaction.id.value, amount, now));
  uow.recordTransition(transaction, transition, rejection.actor);
  notifyParties(uow, transaction);
}

/** The deadline passed before the creditor confirmed: what the sweeper and a late confirm both do. */
export function rejectExpired(uow: TransferUnitOfWork, transaction: Transaction, now: Date): Promise<void> {
  const deadline = transaction.snapshot.deadline?.toISOString();
  const detail = `deadline: not confirmed by ${deadline}`;
  return rejectAndRelease(uow, transaction, { reason: 'DEADLINE_EXCEEDED', detail, actor: 'hub' }, now);
}
