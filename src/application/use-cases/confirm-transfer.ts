import { type Ispb, SettlementAccount, type Transfer } from '../../domain';
import { findTransferForReply, isTransfer } from '../find-transfer-for-reply';
import type { Outcome } from '../outcome';
import type { Clock } from '../ports/clock';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';
import { notifyParties, rejectExpired } from '../reject-and-release';

/**
 * The creditor bank accepts a pending transfer: the money moves between the two settlement accounts in
 * the same unit of work as the status, and both banks are told. A confirm after the deadline is too late:
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
    const transition = transfer.confirm(now);
    const { id, amount } = transfer.snapshot;
    uow.recordLedger(debtor, debtor.debit(id.value, amount, now));
    uow.recordLedger(creditor, creditor.credit(id.value, amount, now));
    uow.recordTransition(transfer, transition, `bank:${input.ispb}`);
    notifyParties(uow, transfer);
    return 'applied';
  }
}

/**
 * Both accounts, locked in ISPB order so two units of work settling opposite transfers between the same
 * banks cannot deadlock. A transfer within one bank settles on one account object, so the debit and the
 * credit both land on it. A creditor never funded gets an account opened here.
 */
async function settlementAccounts(uow: TransferUnitOfWork, transfer: Transfer) {
  const { debtorIspb } = transfer.snapshot;
  const creditorIspb = transfer.creditor.ispb;
  const load = async (ispb: Ispb) => (await uow.settlementAccount(ispb)) ?? SettlementAccount.open(ispb);
  const [first, second] = [debtorIspb, creditorIspb].sort((a, b) => a.value.localeCompare(b.value));
  const accounts = new Map<string, SettlementAccount>();
  accounts.set(first.value, await load(first));
  if (!accounts.has(second.value)) accounts.set(second.value, await load(second));
  // The debtor's reservation, which debit asserts, proves it was funded: one opened here is a bug's symptom.
  const debtor = accounts.get(debtorIspb.value) as SettlementAccount;
  return { debtor, creditor: accounts.get(creditorIspb.value) as SettlementAccount };
}
