import { REPORTED_DETAIL_CHARS_MAX, truncateChars } from '../../domain';
import { findTransferForReply, isTransfer } from '../find-transfer-for-reply';
import type { Outcome } from '../outcome';
import type { Clock } from '../ports/clock';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';

/**
 * A party bank says it has no record of a transfer the hub told it about (REPLY_KIND_UNKNOWN_TRANSFER):
 * the debtor never sent it (someone sent it in its name), or the creditor never accepted it. The hub
 * cannot undo money that moved, so it raises the transfer for reconciliation. A rejected transfer moved
 * nothing and is left alone; a transfer already raised keeps its first reason.
 */
export class ReportUnknownTransfer {
  constructor(private readonly clock: Clock) {}

  async execute(
    uow: TransferUnitOfWork,
    input: { endToEndId: string; ispb: string; detail?: string },
  ): Promise<Outcome> {
    const transfer = await findTransferForReply(uow, input, 'party');
    if (!isTransfer(transfer)) return transfer;
    if (transfer.status === 'rejected') return 'ignored';
    const { debtorIspb } = transfer.snapshot;
    const role = debtorIspb.value === input.ispb ? 'debtor' : 'creditor';
    const said = input.detail ? `: ${truncateChars(input.detail, REPORTED_DETAIL_CHARS_MAX)}` : '';
    const detail = `the ${role} bank ${input.ispb} has no record of this ${transfer.status} transfer${said}`;
    const raised = transfer.raiseForReconciliation(
      'UNKNOWN_TRANSFER',
      this.clock.now(),
      `bank:${input.ispb}`,
      detail,
    );
    return raised ? 'applied' : 'ignored';
  }
}
