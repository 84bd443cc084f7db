import { ForbiddenError, NotFoundError, type Transfer } from '../domain';
import type { TransferUnitOfWork } from './ports/transfer-unit-of-work';

/**
 * What a bank's reply did. `applied`: it changed the transfer (a confirm arriving after the deadline
 * counts: it rejects the transfer as the sweeper would). `ignored`: the transfer had already moved past
 * the state the reply is for (late or repeated reply), and nothing was written.
 */
export type ReplyOutcome = 'applied' | 'ignored';

/**
 * The transfer a reply is about, when the replying bank plays `role` in it. The creditor answers the
 * request; the debtor acknowledges the outcome; either (`party`) may say it knows nothing of it.
 * Anyone else is refused, whatever the transfer's state.
 */
export async function findTransferForReply(
  uow: TransferUnitOfWork,
  reply: { endToEndId: string; ispb: string },
  role: 'debtor' | 'creditor' | 'party',
): Promise<Transfer> {
  const stored = await uow.findTransfer(reply.endToEndId);
  if (!stored) throw new NotFoundError('TRANSFER.NOT_FOUND', `no transfer ${reply.endToEndId}`);
  const { debtorIspb, creditorIspb } = stored.transfer.snapshot;
  const parties = { debtor: [debtorIspb], creditor: [creditorIspb], party: [debtorIspb, creditorIspb] }[role];
  if (!parties.some((party) => party?.value === reply.ispb)) {
    throw new ForbiddenError(
      'TRANSFER.NOT_A_PARTY',
      `bank ${reply.ispb} is not ${role === 'party' ? 'a party to' : `the ${role} of`} transfer ${reply.endToEndId}`,
    );
  }
  return stored.transfer;
}
