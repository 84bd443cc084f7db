import { Money } from '../../src/domain';
import type { AdmissionGate } from './admission';
import { ClaimBatch } from './claim-batch';
import { MessageBatch, type Notice } from './message-batch';
import type { HubTransfer, InboundMessage } from './messages';
import type { BankTransactionRunner, Clock } from './ports';

export interface BatchReport {
  /** Messages applied now; the rest were seen before (inbox) or repeated within the batch. */
  applied: number;
  notices: Notice[];
  /** Outgoing transfers that became final (completed or rejected) in this batch. */
  outgoingFinished: number;
}

/** Hears, once a batch has committed, of the claims it left for this bank, as donor, to acknowledge. */
export interface DonorClaims {
  opened(claimIds: readonly string[]): void;
}

const NO_DONOR_CLAIMS: DonorClaims = { opened: () => undefined };

/**
 * Applies a batch of messages from the hub (codepix.bank.<ISPB>) in ONE unit of work, inbox included:
 * either every message is applied and recorded as seen, or none is and the batch is retried.
 * The replies they cause go through the outbox in the same unit of work; the claim notices among them
 * update the bank's claims in it too. Once it has committed, the admission gate hears how many outgoing
 * transfers it finished (their places are free again), and `donorClaims` which claims wait for this
 * bank to acknowledge them (a call to the hub, never made inside the transaction).
 */
export class ApplyBankMessages {
  constructor(
    private readonly ispb: string,
    private readonly uow: BankTransactionRunner,
    private readonly clock: Clock,
    private readonly admission: Pick<AdmissionGate, 'finished'>,
    /** What a business customer pays for each Pix received (BANK_RECEIVED_FEE_CENTS). */
    private readonly receivedFee: Money = Money.ZERO,
    /** Acknowledges, after the commit, the claims the batch left open with this bank as donor. */
    private readonly donorClaims: DonorClaims = NO_DONOR_CLAIMS,
  ) {}

  async execute(messages: readonly InboundMessage[]): Promise<BatchReport> {
    const { report, toAcknowledge } = await this.uow.run(async (tx) => {
      const verdicts = await tx.claimInbox(messages);
      const todo = messages.filter((_, i) => verdicts[i] === 'new');
      const batch = new MessageBatch(this.ispb, this.clock.now(), this.receivedFee);
      await batch.load(
        tx,
        todo.flatMap((m) => (m.kind === 'transfer' ? [m.transfer] : [])),
      );
      const claims = new ClaimBatch(this.ispb);
      await claims.load(
        tx,
        todo.flatMap((m) => (m.kind === 'claim' ? [m.claim.id] : [])),
      );
      for (const [i, message] of messages.entries()) {
        if (verdicts[i] === 'reused') reused(batch, message);
        else if (verdicts[i] === 'new' && message.kind === 'claim')
          claims.put(message.claim, message.messageId);
        else if (verdicts[i] === 'new') apply(batch, message);
      }
      await batch.save(tx);
      await claims.save(tx);
      const notices = [...batch.notices, ...claims.notices];
      return {
        report: { applied: todo.length, notices, outgoingFinished: batch.outgoingFinished },
        toAcknowledge: claims.toAcknowledge(),
      };
    });
    this.admission.finished(report.outgoingFinished);
    if (toAcknowledge.length > 0) this.donorClaims.opened(toAcknowledge);
    return report;
  }
}

/** Another message took this id first: this one is not a redelivery, and must not vanish as one. */
function reused(batch: MessageBatch, message: InboundMessage): void {
  const reason = `MESSAGE_ID_REUSED: message id ${message.messageId.slice(0, 100)} was taken by an earlier message with other contents`;
  batch.deadLetter({ kind: 'dead-letter', reason, original: message.original });
  batch.notice('warn', 'message reuses an id; sent to the DLQ', message.messageId, undefined, reason);
}

function apply(batch: MessageBatch, message: InboundMessage): void {
  const { messageId } = message;
  if (message.kind === 'poison') {
    batch.deadLetter({ kind: 'dead-letter', reason: message.reason, original: message.original });
    batch.notice('warn', 'message cannot be applied; sent to the DLQ', messageId, undefined, message.reason);
  } else if (message.kind === 'refused') {
    // The hub stored nothing for this request; the transfer under this id, if any, stands as it is.
    const why = `${message.reason ?? 'UNSPECIFIED'}: ${message.detail}`;
    batch.notice('warn', 'hub refused a request', messageId, message.endToEndId, why);
  } else if (message.kind === 'transfer') {
    applyTransfer(batch, message.transfer, messageId);
  }
}

function applyTransfer(batch: MessageBatch, transfer: HubTransfer, messageId: string): void {
  if (transfer.status === 'pending') batch.pending(transfer, messageId);
  else if (transfer.status === 'confirmed') batch.confirmed(transfer, messageId);
  else if (transfer.status === 'rejected') batch.rejected(transfer, messageId);
  // completed: both banks are done by then; nothing to apply.
}
