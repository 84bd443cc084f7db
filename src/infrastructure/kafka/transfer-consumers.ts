import type { DataSource, EntityManager } from 'typeorm';
import type { ReplyOutcome } from '../../application/reply-outcome';
import type { CompleteTransfer } from '../../application/use-cases/complete-transfer';
import type { ConfirmTransfer } from '../../application/use-cases/confirm-transfer';
import type { RejectTransfer } from '../../application/use-cases/reject-transfer';
import type { ReportUnknownTransfer } from '../../application/use-cases/report-unknown-transfer';
import type { RequestTransfer } from '../../application/use-cases/request-transfer';
import { DomainError, Ispb } from '../../domain';
import { ReplyKind, TransferReply, TransferRequest } from '../../gen/codepix/v1/transfer';
import type { Logger } from '../logger';
import type { ConsumedMessage, DeadMessage } from '../messaging/batch-consumer';
import { claimInbox, inboxEntry } from '../messaging/inbox';
import { appendToOutbox, type OutboxMessage } from '../messaging/outbox';
import type { HubMetrics } from '../metrics/hub-metrics';
import { recordSignedMessages, signedMessageRow, unstorable } from '../persistence/signed-messages';
import type { TypeOrmTransferUnitOfWork } from '../persistence/typeorm-transfer-unit-of-work';
import { reasonFromProto } from '../proto/transfer-mapping';
import type { ReconciliationAlarm } from '../reconciliation-alarm';
import { ORIGIN_MISMATCH } from '../security/message-verifier';
import { logDeadLetters, reusedIdReason, writeDeadLetters } from './dead-letter';
import type { TopicNames } from './topics';

export interface TransferUseCases {
  request: RequestTransfer;
  confirm: ConfirmTransfer;
  reject: RejectTransfer;
  complete: CompleteTransfer;
  reportUnknown: ReportUnknownTransfer;
}

export interface ConsumerDeps {
  dataSource: DataSource;
  topics: TopicNames;
  logger: Logger;
  useCases: TransferUseCases;
  unitOfWork(manager: EntityManager): TypeOrmTransferUnitOfWork;
  /** Called after a batch commits with messages in the outbox. */
  published(): void;
  /** Told what a batch raised for reconciliation, after it commits. */
  alarm: ReconciliationAlarm;
  metrics: HubMetrics;
}

/** A message decoded for a handler, or the reason it can never be. */
type Decoded<T> = { message: ConsumedMessage; body: T } | { message: ConsumedMessage; dead: string };

/** Which ISPB a message speaks for, by the payload's own account: its signer must be that bank. */
interface Claimant<T> {
  field: string;
  ispb(body: T): string;
}

/**
 * The batch consumer has already dead-lettered what is empty, oversized or of another topic, and, with
 * security on, what is not signed by the bank its `codepix-origin` names. What is left to check is that
 * the payload speaks for its signer: a bank cannot ask to move another bank's money.
 */
function decode<T>(
  message: ConsumedMessage,
  codec: { decode(bytes: Uint8Array): T },
  claimant: Claimant<T>,
): Decoded<T> {
  let body: T;
  try {
    body = codec.decode(message.value ?? new Uint8Array());
  } catch (error) {
    return { message, dead: `UNDECODABLE: ${(error as Error).message}` };
  }
  const { signer } = message;
  if (!signer) return { message, body };
  const claimed = claimant.ispb(body);
  if (claimed !== signer.name) {
    const says = `${claimant.field} is ${claimed || 'empty'}`;
    return { message, dead: `${ORIGIN_MISMATCH}: ${says}, but the message is signed by ${signer.name}` };
  }
  const dead = unstorable(message);
  return dead ? { message, dead } : { message, body };
}

/**
 * Applies one partition's batch in one database transaction: the inbox drops messages already applied
 * and dead-letters those reusing an id for other contents, each new message runs its use case, expected
 * refusals are dead-lettered with their reason, and the state changes, history, ledger, outbox and inbox
 * rows commit together. Anything unexpected throws and the whole batch is retried.
 */
async function applyBatch<T>(
  deps: ConsumerDeps,
  decoded: Decoded<T>[],
  /** What to lock up front: the transfer and the banks whose settlement accounts it may touch. */
  locks: (body: T) => { endToEndId: string; ispbs: string[] },
  apply: (uow: TypeOrmTransferUnitOfWork, body: T, message: ConsumedMessage) => Promise<void>,
): Promise<void> {
  let wrote = false;
  let uow: TypeOrmTransferUnitOfWork | undefined;
  let deadLetters: OutboxMessage[] = [];
  await deps.dataSource.transaction(async (manager) => {
    const verdicts = await claimInbox(
      manager,
      decoded.map((d) => inboxEntry(d.message)),
    );
    const dead: DeadMessage[] = decoded.flatMap((d, i) =>
      verdicts[i] === 'reused' ? [{ message: d.message, reason: reusedIdReason(d.message) }] : [],
    );
    const todo = decoded.filter((_, i) => verdicts[i] === 'new');
    uow = deps.unitOfWork(manager);
    dead.push(...todo.flatMap((d) => ('dead' in d ? [{ message: d.message, reason: d.dead }] : [])));
    const live = todo.flatMap((d) => ('body' in d ? [d] : []));
    const wanted = live.map((d) => locks(d.body));
    await uow.prefetch(
      wanted.map((w) => w.endToEndId).filter((id) => id.length === 32),
      wanted.flatMap((w) => w.ispbs).filter((ispb) => /^\d{8}$/.test(ispb)),
    );
    // What a signature proves is kept with the transfer it moved, in the transaction that moved it.
    const signed: unknown[][] = [];
    for (const { message, body } of live) {
      try {
        await apply(uow, body, message);
        const row = signedMessageRow(message, locks(body).endToEndId);
        if (row) signed.push(row);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        dead.push({ message, reason: `${error.code}: ${error.message}` });
      }
    }
    await uow.flush();
    await recordSignedMessages(manager, signed);
    await appendToOutbox(manager, 'hub', uow.outbox);
    deadLetters = await writeDeadLetters(manager, deps.topics, 'hub', dead);
    wrote = uow.outbox.length + deadLetters.length > 0;
  });
  logDeadLetters(deps.logger, deadLetters);
  if (wrote) deps.published();
  if (!uow) return;
  deps.alarm.report(uow.raised);
  deps.metrics.moved(uow.moves);
}

/** codepix.transactions: new transfers from debtor banks. */
export function handleTransferRequests(deps: ConsumerDeps) {
  return (messages: ConsumedMessage[]) =>
    applyBatch(
      deps,
      messages.map((m) => decode(m, TransferRequest, { field: 'debtor_ispb', ispb: (r) => r.debtorIspb })),
      (r) => ({ endToEndId: r.endToEndId, ispbs: [r.debtorIspb] }),
      async (uow, r) => {
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
    );
}

/** codepix.confirmations: creditor banks' answers and debtor banks' acks. */
export function handleTransferReplies(deps: ConsumerDeps) {
  const { confirm, reject, complete, reportUnknown } = deps.useCases;
  return (messages: ConsumedMessage[]) =>
    applyBatch(
      deps,
      messages.map((m) => decode(m, TransferReply, { field: 'ispb', ispb: (r) => r.ispb })),
      (r) => ({ endToEndId: r.endToEndId, ispbs: [] }),
      async (uow, r, message) => {
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
    );
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
