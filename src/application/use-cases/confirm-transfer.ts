import type { SettlementAccount, Transfer } from '../../domain';
import { findTransferForReply, isTransfer } from '../find-transfer-for-reply';
import type { Outcome } from '../outcome';
import type { Clock } from '../ports/clock';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';
import { notifyParties, rejectExpired } from '../reject-and-release';

/**
 * The creditor bank accepts a pending transfer: the money moves between the two settlement accounts in
 * the same unit of work as the status, both banks are told, and the transfer counts towards its debtor
 * bank's tariff of the day. A confirm after the deadline is too late:
 * the transfer is rejected as the sweeper would have rejected it; a confirm of a transfer already
 * rejected gets the rejection again.
 */
export class ConfirmTransfer {
  constructor(private readonly clock: Clock) {}

  async execute(uow: TransferUnitOfWork, input: { endToEndId: string; ispb: string }): Promise<Outcome> {
    const transfer = await findTransferForReply(uow, input, 'creditor');
    if (!isTransfer(transfer)) return transfer;
    if (transfer.status === 'rejected') {
      // The creditor may have heard the rejection before the request (two relays can publish out of
      // order after a broker outage) and so holds a record it will never close: tell it again.
      uow.send(transfer.creditor.ispb, { type: 'transfer', transfer });
      return 'ignored';
    }
    if (transfer.status !== 'pending') return 'ignored';
    const now = this.clock.now();
    if (transfer.isPastDeadline(now)) {
      await rejectExpired(uow, transfer, now);
      return 'applied';
    }
    const { debtor, creditor } = await settlementAccounts(uow, transfer);
    transfer.confirm(now, `bank:${input.ispb}`);
    const { id, amount } = transfer.snapshot;
    debtor.debit(id.value, amount, now);
    creditor.credit(id.value, amount, now);
    uow.accrueTariff(transfer.snapshot.debtorIspb, now);
    notifyParties(uow, transfer);
    return 'applied';
  }
}

/**
 * Both accounts, locked in ISPB order so two units of work settling opposite transfers between the same
 * banks cannot deadlock. A transfer within one bank settles on one account object, so the debit and the
 * credit both land on it. A creditor never funded gets its account opened by the unit of work.
 */
async function settlementAccounts(uow: TransferUnitOfWork, transfer: Transfer) {
  const { debtorIspb } = transfer.snapshot;
  const creditorIspb = transfer.creditor.ispb;
  const [first, second] = [debtorIspb, creditorIspb].sort((a, b) => a.value.localeCompare(b.value));
  const accounts = new Map<string, SettlementAccount>();
  accounts.set(first.value, await uow.settlementAccount(first));
  if (!accounts.has(second.value)) accounts.set(second.value, await uow.settlementAccount(second));
  // The debtor's reservation, which debit asserts, proves it was funded: an empty account is a bug's symptom.
  const debtor = accounts.get(debtorIspb.value) as SettlementAccount;
  return { debtor, creditor: accounts.get(creditorIspb.value) as SettlementAccount };
}
