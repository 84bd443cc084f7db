import type { ConsumedMessage, DeadMessage } from '../../../lib/messaging/batch-consumer';
import { reusedIdReason } from '../../../lib/messaging/dead-letter';
import { inboxEntry } from '../../../lib/messaging/inbox';
import { signedMessageRow, unstorable } from '../../../lib/messaging/signed-messages';
import type { Logger } from '../../../lib/observability/logger';
import { GroupCommit } from '../../../lib/persistence/group-commit';
import { ORIGIN_MISMATCH } from '../../../lib/security/message-verifier';
import type { ReplyOutcome } from '../../application/reply-outcome';
import type { CompleteTransfer } from '../../application/use-cases/complete-transfer';
import type { ConfirmTransfer } from '../../application/use-cases/confirm-transfer';
import type { RejectTransfer } from '../../application/use-cases/reject-transfer';
import type { ReportUnknownTransfer } from '../../application/use-cases/report-unknown-transfer';
import type { RequestTransfer } from '../../application/use-cases/request-transfer';
import { DomainError, Ispb } from '../../domain';
import { ReplyKind, TransferReply, TransferRequest } from '../../gen/codepix/v1/transfer';
import type { HubTransactionRunner } from '../persistence/hub-transaction-runner';
import type { TypeOrmTransferUnitOfWork } from '../persistence/typeorm-transfer-unit-of-work';
import { reasonFromProto } from '../proto/transfer-mapping';

export interface TransferUseCases {
  request: RequestTransfer;
  confirm: ConfirmTransfer;
  reject: RejectTransfer;
  complete: CompleteTransfer;
  reportUnknown: ReportUnknownTransfer;
}

export interface ConsumerDeps {
  logger: Logger;
  useCases: TransferUseCases;
}

/**
 * A consumed message ready to apply: what it locks up front (the transfer and the banks whose settlement
 * accounts it may touch) and its use case; or the reason it can never be applied.
 */
export type HubItem =
  | { message: ConsumedMessage; dead: string }
  | {
      message: ConsumedMessage;
      locks: { endToEndId: string; ispbs: string[] };
      apply(uow: TypeOrmTransferUnitOfWork): Promise<void>;
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
  locks(body: T): { endToEndId: string; ispbs: string[] };
  apply(uow: TypeOrmTransferUnitOfWork, body: T, message: ConsumedMessage): Promise<void>;
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
    apply: (uow) => handling.apply(uow, body, message),
  };
}

/**
 * Applies messages in one unit of work: the inbox drops those already applied and dead-letters those
 * reusing an id for other contents, the transfers and settlement accounts of the rest are locked up
 * front in key order (so concurrent transactions never deadlock), each new message runs its use case,
 * expected refusals are dead-lettered with their reason, and the state changes, history, ledger, outbox
 * and inbox rows commit together. Anything unexpected throws and nothing is applied.
 */
export async function applyItems(uow: TypeOrmTransferUnitOfWork, items: readonly HubItem[]): Promise<void> {
  const verdicts = await uow.claimInbox(items.map((d) => inboxEntry(d.message)));
  const dead: DeadMessage[] = items.flatMap((d, i) =>
    verdicts[i] === 'reused' ? [{ message: d.message, reason: reusedIdReason(d.message) }] : [],
  );
  const todo = items.filter((_, i) => verdicts[i] === 'new');
  dead.push(...todo.flatMap((d) => ('dead' in d ? [{ message: d.message, reason: d.dead }] : [])));
  const live = todo.flatMap((d) => ('apply' in d ? [d] : []));
  await uow.prefetch(
    live.map((d) => d.locks.endToEndId).filter((id) => id.length === 32),
    live.flatMap((d) => d.locks.ispbs).filter((ispb) => /^\d{8}$/.test(ispb)),
  );
  for (const { message, locks, apply } of live) {
    try {
      await apply(uow);
      // What a signature proves is kept with the transfer it moved, in the transaction that moved it.
      const row = signedMessageRow(message, locks.endToEndId);
      if (row) uow.recordSigned(row);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      dead.push({ message, reason: `${error.code}: ${error.message}` });
    }
  }
  await uow.deadLetter(dead);
}

/**
 * One group commit for every batch the hub's consumers hand in at once (several partitions, both
 * topics): one unit of work, one lock of each settlement account, one commit for all of them.
 */
export function hubGroupCommit(runner: HubTransactionRunner): GroupCommit<HubItem[], void> {
  return new GroupCommit(async (batches) => {
    await runner.run((uow) => applyItems(uow, batches.flat()));
    return batches.map(() => undefined);
  });
}

/** codepix.transactions: new transfers from debtor banks. */
export function transferRequests(deps: ConsumerDeps): (message: ConsumedMessage) => HubItem {
  const handling: Handling<TransferRequest> = {
    codec: TransferRequest,
    claimant: { field: 'debtor_ispb', ispb: (r) => r.debtorIspb },
    locks: (r) => ({ endToEndId: r.endToEndId, ispbs: [r.debtorIspb] }),
    apply: async (uow, r) => {
      try {
        await deps.useCases.request.execute(uow, {
          endToEndId: r.endToEndId,
          debtorIspb: r.debtorIspb,
          debtorAccount: r.debtorAccount,
          creditorKey: r.creditorKey,
          amount: r.amount,
          description: r.description,
        });
      } catch (error) {
        // Unstorable (malformed id or fields): the debtor bank hears why, the message goes to the DLQ.
        // A bank that never registered has no topic to tell it on: the DLQ alone records it.
        const tellable = /^\d{8}$/.test(r.debtorIspb);
        if (error instanceof DomainError && tellable && error.code !== 'BANK.NOT_REGISTERED') {
          uow.send(Ispb.create(r.debtorIspb), {
            type: 'refused',
            endToEndId: r.endToEndId,
            reason: 'INVALID_REQUEST',
            detail: error.message,
          });
        }
        throw error;
      }
    },
  };
  return (message) => toItem(message, handling);
}

/** codepix.confirmations: creditor banks' answers and debtor banks' acks. */
export function transferReplies(deps: ConsumerDeps): (message: ConsumedMessage) => HubItem {
  const { confirm, reject, complete, reportUnknown } = deps.useCases;
  const handling: Handling<TransferReply> = {
    codec: TransferReply,
    claimant: { field: 'ispb', ispb: (r) => r.ispb },
    locks: (r) => ({ endToEndId: r.endToEndId, ispbs: [] }),
    apply: async (uow, r, message) => {
      const input = { endToEndId: r.endToEndId, ispb: r.ispb };
      let outcome: ReplyOutcome;
      if (r.kind === ReplyKind.REPLY_KIND_CONFIRMED) outcome = await confirm.execute(uow, input);
      else if (r.kind === ReplyKind.REPLY_KIND_COMPLETED) outcome = await complete.execute(uow, input);
      else if (r.kind === ReplyKind.REPLY_KIND_REJECTED) {
        const reason = reasonFromProto(r.reason) ?? 'CREDITOR_REFUSED';
        outcome = await reject.execute(uow, { ...input, reason, detail: r.detail });
      } else if (r.kind === ReplyKind.REPLY_KIND_UNKNOWN_TRANSFER) {
        outcome = await reportUnknown.execute(uow, { ...input, detail: r.detail });
      } else {
        throw new UnknownReplyError(r.kind);
      }
      if (outcome === 'ignored') {
        deps.logger.debug('reply ignored: the transfer has moved on', { ...input, offset: message.offset });
      }
    },
  };
  return (message) => toItem(message, handling);
}

class UnknownReplyError extends DomainError {
  readonly kind = 'invalid';
  constructor(kind: number) {
    super(
      'TRANSFER.UNKNOWN_REPLY_KIND',
      `reply kind ${kind} is not one of CONFIRMED, REJECTED, COMPLETED, UNKNOWN_TRANSFER`,
    );
  }
}
