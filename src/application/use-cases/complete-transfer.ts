import { findTransferForReply, isTransfer } from '../find-transfer-for-reply';
import type { Outcome } from '../outcome';
import type { Clock } from '../ports/clock';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';

/**
 * The debtor bank acknowledges a confirmed transfer: it has turned its hold into a debit. Nobody is told;
 * both banks already know the money moved, and the debtor bank's lookup bucket gets a token back for the
 * lookup that led to it (a refund looked nothing up). An ack for a transfer not (or no longer) confirmed
 * is ignored.
 */
export class CompleteTransfer {
  constructor(private readonly clock: Clock) {}

  async execute(uow: TransferUnitOfWork, input: { endToEndId: string; ispb: string }): Promise<Outcome> {
    const transfer = await findTransferForReply(uow, input, 'debtor');
    if (!isTransfer(transfer)) return transfer;
    if (transfer.status !== 'confirmed') return 'ignored';
    transfer.complete(this.clock.now(), `bank:${input.ispb}`);
    if (transfer.id.kind === 'transfer') uow.returnLookupToken(transfer.snapshot.debtorIspb);
    return 'applied';
  }
}
