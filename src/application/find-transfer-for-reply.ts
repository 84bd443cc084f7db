import { ForbiddenError, NotFoundError, Transfer } from '../domain';
import { type Refusal, refusal } from './outcome';
import type { TransferUnitOfWork } from './ports/transfer-unit-of-work';

/**
 * The transfer a reply is about, when the replying bank plays `role` in it; else the refusal. The
 * creditor answers the request; the debtor acknowledges the outcome; either (`party`) may say it knows
 * nothing of it. Anyone else is refused, whatever the transfer's state.
 */
export async function findTransferForReply(
  uow: TransferUnitOfWork,
  reply: { endToEndId: string; ispb: string },
  role: 'debtor' | 'creditor' | 'party',
): Promise<Transfer | Refusal> {
  const stored = await uow.findTransfer(reply.endToEndId);
  if (!stored) return refusal(new NotFoundError('TRANSFER.NOT_FOUND', `no transfer ${reply.endToEndId}`));
  const { debtorIspb, creditorIspb } = stored.transfer.snapshot;
  const parties = { debtor: [debtorIspb], creditor: [creditorIspb], party: [debtorIspb, creditorIspb] }[role];
  if (!parties.some((party) => party?.value === reply.ispb)) {
    const whose = role === 'party' ? 'a party to' : `the ${role} of`;
    const message = `bank ${reply.ispb} is not ${whose} transfer ${reply.endToEndId}`;
    return refusal(new ForbiddenError('TRANSFER.NOT_A_PARTY', message));
  }
  return stored.transfer;
}

export const isTransfer = (found: Transfer | Refusal): found is Transfer => found instanceof Transfer;
