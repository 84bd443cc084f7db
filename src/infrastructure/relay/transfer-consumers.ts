import type { ConsumedMessage, DeadMessage } from '../../../lib/messaging/batch-consumer';
import { reusedIdReason } from '../../../lib/messaging/dead-letter';
import { inboxEntry } from '../../../lib/messaging/inbox';
import { signedMessageRow, unstorable } from '../../../lib/messaging/signed-messages';
import type { Logger } from '../../../lib/observability/logger';
import { GroupCommit } from '../../../lib/persistence/group-commit';
import { ORIGIN_MISMATCH } from '../../../lib/security/message-verifier';
import { isRefusal, type Outcome } from '../../application/outcome';
import type { AnswerTransfer } from '../../application/use-cases/answer-transfer';
import type { RequestRefund } from '../../application/use-cases/request-refund';
import type { RequestTransfer } from '../../application/use-cases/request-transfer';
import { EndToEndId, Ispb } from '../../domain';
import { TransferReply, TransferRequest } from '../../gen/codepix/v1/transfer';
import type { HubTransactionRunner } from '../persistence/hub-transaction-runner';
import type { TypeOrmTransferUnitOfWork } from '../persistence/typeorm-transfer-unit-of-work';
import { reasonFromProto, refundAskFromProto, replyKindFromProto } from '../proto/transfer-mapping';

export interface TransferUseCases {
  request: RequestTransfer;
  refund: RequestRefund;
  answer: AnswerTransfer;
}

export interface ConsumerDeps {
  logger: Logger;
  useCases: TransferUseCases;
}

/**
 * What a message locks up front: its transfer, any other it reads (a refund's original) and the banks
 * whose settlement accounts it may touch.
 */
interface Locks {
  endToEndId: string;
  reads?: string[];
  ispbs: string[];
}

/**
 * A consumed message ready to apply: what it locks up front and its use case; or the reason it can
 * never be applied.
 */
export type HubItem =
  | { message: ConsumedMessage; dead: string }
  | {
      message: ConsumedMessage;
      locks: Locks;
      apply(uow: TypeOrmTransferUnitOfWork): Promise<Outcome>;
    };

/** Which ISPB a message speaks for, by the payload's own account: its signer must be that bank. */
interface Claimant<T> {
  field: string;
  ispb(body: T): string;
}

/** How a topic's messages are read and applied. */
interface Handling<T> {
  codec: { decode(bytes: Uint8Array): T };
  claimant: Claimant<T>;
  locks(body: T): Locks;
  apply(uow: TypeOrmTransferUnitOfWork, body: T): Promise<Outcome>;
}

/**
 * The batch consumer has already dead-lettered what is empty, oversized or of another topic, and, with
 * security on, what is not signed by the bank its `codepix-origin` names. What is left to check is that
 * the payload speaks for its signer: a bank cannot ask to move another bank's money.
 */
function toItem<T>(message: ConsumedMessage, handling: Handling<T>): HubItem {
  let body: T;
  try {
    body = handling.codec.decode(message.value ?? new Uint8Array());
  } catch (error) {
    return { message, dead: `UNDECODABLE: ${(error as Error).message}` };
  }
  const { signer } = message;
  if (signer) {
    const { claimant } = handling;
    const claimed = claimant.ispb(body);
    if (claimed !== signer.name) {
      const says = `${claimant.field} is ${claimed || 'empty'}`;
      return { message, dead: `${ORIGIN_MISMATCH}: ${says}, but the message is signed by ${signer.name}` };
    }
    const dead = unstorable(message);
    if (dead) return { message, dead };
  }
  return {
    message,
    locks: handling.locks(body),
    apply: (uow) => handling.apply(uow, body),
  };
}

/**
 * Applies messages in one unit of work: the inbox drops those already applied and dead-letters those
 * reusing an id for other contents, the transfers and settlement accounts of the rest are locked up
 * front in key order (so concurrent transactions never deadlock), each new message runs its use case,
 * refusals are dead-lettered with their reason (and told to the bank the use case names), and the state
 * changes, history, ledger, outbox and inbox rows commit together. Anything unexpected throws and
 * nothing is applied.
 */
export async function applyItems(
  uow: TypeOrmTransferUnitOfWork,
  items: readonly HubItem[],
  logger: Logger,
): Promise<void> {
  const verdicts = await uow.claimInbox(items.map((d) => inboxEntry(d.message)));
  const dead: DeadMessage[] = items.flatMap((d, i) =>
    verdicts[i] === 'reused' ? [{ message: d.message, reason: reusedIdReason(d.message) }] : [],
  );
  const todo = items.filter((_, i) => verdicts[i] === 'new');
  dead.push(...todo.flatMap((d) => ('dead' in d ? [{ message: d.message, reason: d.dead }] : [])));
  const live = todo.flatMap((d) => ('apply' in d ? [d] : []));
  // Malformed ids lock nothing: their use cases refuse them.
  await uow.prefetch(
    live
      .flatMap((d) => [d.locks.endToEndId, ...(d.locks.reads ?? [])])
      .filter((id) => EndToEndId.isValid(id)),
    live.flatMap((d) => d.locks.ispbs).filter((ispb) => Ispb.isValid(ispb)),
  );
  for (const { message, locks, apply } of live) {
    const outcome = await apply(uow);
    if (isRefusal(outcome)) {
      const { error, tell } = outcome;
      dead.push({ message, reason: `${error.code}: ${error.message}` });
      const detail = error.message;
      if (tell)
        uow.send(tell, { type: 'refused', endToEndId: locks.endToEndId, reason: 'INVALID_REQUEST', detail });
      continue;
    }
    if (outcome === 'ignored')
      logger.debug('message ignored: the transfer has moved on', {
        offset: message.offset,
        endToEndId: locks.endToEndId,
      });
    // What a signature proves is kept with the transfer it moved, in the transaction that moved it.
    const row = signedMessageRow(message, locks.endToEndId);
    if (row) uow.recordSigned(row);
  }
  await uow.deadLetter(dead);
}

/**
 * One group commit for every batch the hub's consumers hand in at once (several partitions, both
 * topics): one unit of work, one lock of each settlement account, one commit for all of them.
 */
export function hubGroupCommit(runner: HubTransactionRunner, logger: Logger): GroupCommit<HubItem[], void> {
  return new GroupCommit(async (batches) => {
    await runner.run((uow) => applyItems(uow, batches.flat(), logger));
    return batches.map(() => undefined);
  });
}

/** codepix.transactions: new transfers from debtor banks, and refunds from the creditor banks of earlier ones. */
export function transferRequests(deps: ConsumerDeps): (message: ConsumedMessage) => HubItem {
  const handling: Handling<TransferRequest> = {
    codec: TransferRequest,
    claimant: { field: 'debtor_ispb', ispb: (r) => r.debtorIspb },
    locks: (r) => ({
      endToEndId: r.endToEndId,
      reads: r.refund ? [r.refund.originalEndToEndId] : [],
      ispbs: [r.debtorIspb],
    }),
    apply: (uow, r) => {
      const refund = refundAskFromProto(r.refund);
      if (refund) {
        const { endToEndId, debtorIspb, debtorAccount, amount, description } = r;
        return deps.useCases.refund.execute(uow, {
          endToEndId,
          debtorIspb,
          debtorAccount,
          amount,
          description,
          refund,
        });
      }
      return deps.useCases.request.execute(uow, {
        endToEndId: r.endToEndId,
        debtorIspb: r.debtorIspb,
        debtorAccount: r.debtorAccount,
        creditorKey: r.creditorKey,
        amount: r.amount,
        description: r.description,
        txid: r.txid,
      });
    },
  };
  return (message) => toItem(message, handling);
}

/** codepix.confirmations: creditor banks' answers and debtor banks' acks. */
export function transferReplies(deps: ConsumerDeps): (message: ConsumedMessage) => HubItem {
  const handling: Handling<TransferReply> = {
    codec: TransferReply,
    claimant: { field: 'ispb', ispb: (r) => r.ispb },
    locks: (r) => ({ endToEndId: r.endToEndId, ispbs: [] }),
    apply: (uow, r) =>
      deps.useCases.answer.execute(uow, {
        endToEndId: r.endToEndId,
        ispb: r.ispb,
        kind: replyKindFromProto(r.kind),
        reason: reasonFromProto(r.reason),
        detail: r.detail,
      }),
  };
  return (message) => toItem(message, handling);
}
