import { CREDITOR_REASONS, type RejectionReason } from '../../domain';
import { findTransferForReply, isTransfer } from '../find-transfer-for-reply';
import type { Outcome } from '../outcome';
import type { Clock } from '../ports/clock';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';
import { rejectAndRelease } from '../reject-and-release';

export interface RejectTransferInput {
  endToEndId: string;
  ispb: string;
  reason: RejectionReason;
  detail: string;
}

/** The creditor bank refuses a pending transfer: the debtor's reservation is released and both banks told. */
export class RejectTransfer {
  constructor(private readonly clock: Clock) {}

  async execute(uow: TransferUnitOfWork, input: RejectTransferInput): Promise<Outcome> {
    const transfer = await findTransferForReply(uow, input, 'creditor');
    if (!isTransfer(transfer)) return transfer;
    if (transfer.status !== 'pending') return 'ignored';
    // A creditor may only speak for its own side; a hub reason (e.g. SAME_ACCOUNT) from it is kept in the detail.
    const own = CREDITOR_REASONS.includes(input.reason);
    const reason = own ? input.reason : 'CREDITOR_REFUSED';
    const detail = own ? input.detail : `creditor sent ${input.reason}: ${input.detail}`;
    await rejectAndRelease(uow, transfer, { reason, detail, actor: `bank:${input.ispb}` }, this.clock.now());
    return 'applied';
  }
}
