import { parseReplyKind, type RejectionReason, ValidationError } from '../../domain';
import { type Outcome, refusal } from '../outcome';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';
import type { CompleteTransfer } from './complete-transfer';
import type { ConfirmTransfer } from './confirm-transfer';
import type { RejectTransfer } from './reject-transfer';
import type { ReportUnknownTransfer } from './report-unknown-transfer';

export interface TransferReplyInput {
  endToEndId: string;
  /** The replying bank. */
  ispb: string;
  /** A ReplyKind name; anything else is refused TRANSFER.UNKNOWN_REPLY_KIND. */
  kind: unknown;
  /** With REJECTED: the creditor's reason, CREDITOR_REFUSED when it gave none the hub knows. */
  reason?: RejectionReason;
  detail: string;
}

/** A bank's reply (`codepix.confirmations`), handed to the use case of its kind. */
export class AnswerTransfer {
  constructor(
    private readonly useCases: {
      confirm: ConfirmTransfer;
      reject: RejectTransfer;
      complete: CompleteTransfer;
      reportUnknown: ReportUnknownTransfer;
    },
  ) {}

  async execute(uow: TransferUnitOfWork, input: TransferReplyInput): Promise<Outcome> {
    let kind: ReturnType<typeof parseReplyKind>;
    try {
      kind = parseReplyKind(input.kind);
    } catch (error) {
      if (error instanceof ValidationError) return refusal(error);
      throw error;
    }
    const { confirm, reject, complete, reportUnknown } = this.useCases;
    const reply = { endToEndId: input.endToEndId, ispb: input.ispb };
    if (kind === 'CONFIRMED') return confirm.execute(uow, reply);
    if (kind === 'COMPLETED') return complete.execute(uow, reply);
    if (kind === 'REJECTED') {
      return reject.execute(uow, {
        ...reply,
        reason: input.reason ?? 'CREDITOR_REFUSED',
        detail: input.detail,
      });
    }
    return reportUnknown.execute(uow, { ...reply, detail: input.detail });
  }
}
