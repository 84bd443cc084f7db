import type { EachBatchPayload, TopicPartitionOffsetAndMetadata } from 'kafkajs';
import type { Logger } from '../observability/logger';
import type { PipelineMetrics } from '../observability/pipeline-metrics';
import type { GroupCommit } from '../persistence/group-commit';
import { isTransientDatabaseError } from '../persistence/pg-errors';
import type { Verdict } from '../security/message-verifier';
import { type ConsumedMessage, type DeadMessage, toConsumedMessage } from './consumed-message';

/*
 * How one fetched batch of one partition is applied, once the consumer (batch-consumer.ts) has it:
 * what cannot be read is set aside, signatures are checked, the rest is handled as one (or one by one
 * when that fails), the refused are dead-lettered, and only then is the offset committed.
 */

/**
 * What bounds one batch, in bytes. lib has no limits of its own: each caller passes the project's, so
 * no library default decides how much one database transaction takes on.
 */
export interface BatchBounds {
  /** The largest payload read; a bigger message is dead-lettered unread. */
  messageBytesMax: number;
  /** What one fetch takes from one partition, so what one partition's batch holds (maxBytesPerPartition). */
  partitionBatchBytesMax: number;
  /** What one fetch takes over all partitions, which are handled at once (maxBytes). */
  fetchBytesMax: number;
}

/** What applying a batch needs from its consumer's options: its handlers and its bounds. */
export interface BatchHandling {
  groupId: string;
  /** The `codepix-type` its topics carry; a message of another type is dead-lettered unread. */
  messageType: string;
  logger: Logger;
  /**
   * Applies a batch of one partition in one database transaction (and dead-letters what cannot be
   * applied). Throwing means nothing was applied: the batch is retried or split, never skipped.
   */
  handle(messages: ConsumedMessage[]): Promise<void>;
  /** Records messages in the inbox and the DLQ in one transaction, skipping those already seen. */
  deadLetter(dead: DeadMessage[]): Promise<void>;
  /**
   * Checks a message's signature before any handler sees it (security on); a refused message is
   * dead-lettered unapplied with the reason. Throwing means it cannot tell yet (the signer's certificate
   * is out of reach): the batch waits and tries again, and nothing is dead-lettered for it.
   */
  verify?(message: ConsumedMessage): Promise<Verdict>;
  metrics?: PipelineMetrics;
  bounds: BatchBounds;
}

/**
 * Why a message cannot even be handed to its handler, if it cannot: too big to read (over
 * `messageBytesMax`), of another topic's type, or empty. Such messages are dead-lettered unread, by
 * every consumer alike.
 */
export function unreadable(
  message: ConsumedMessage,
  messageType: string,
  messageBytesMax: number,
): string | undefined {
  const size = message.value?.length ?? 0;
  if (size > messageBytesMax) return `OVERSIZED: ${size} bytes, more than ${messageBytesMax}`;
  if (message.type && message.type !== messageType) {
    return `WRONG_TOPIC: a ${message.type} does not belong on ${message.topic}`;
  }
  if (size === 0) return 'UNDECODABLE: empty message';
  return undefined;
}

/** Times one message may fail on its own, with the database reachable, before it is dead-lettered. */
const POISON_ATTEMPTS = 3;
const BACKOFF_MS_MAX = 5_000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const backoff = (attempt: number) => Math.min(BACKOFF_MS_MAX, 100 * 2 ** Math.min(attempt, 6));

/** Applies one partition's batch, then commits its offset (with the other partitions' of the moment). */
export async function consumeBatch(
  offsets: GroupCommit<TopicPartitionOffsetAndMetadata, void>,
  payload: EachBatchPayload,
  opts: BatchHandling,
  stopped: () => boolean,
) {
  const { batch, isRunning, isStale, heartbeat, resolveOffset } = payload;
  if (batch.messages.length === 0) return;
  const ctx: BatchContext = { opts, alive: () => isRunning() && !isStale() && !stopped(), heartbeat };
  const messages = batch.messages.map((m) => toConsumedMessage(batch.topic, batch.partition, m));
  const refused: DeadMessage[] = [];
  const readable = messages.filter((message) => {
    const reason = unreadable(message, opts.messageType, opts.bounds.messageBytesMax);
    if (reason) refused.push({ message, reason });
    return !reason;
  });
  const where = { topic: batch.topic, partition: batch.partition, firstOffset: batch.firstOffset() };
  const group = { group: opts.groupId };
  const { metrics } = opts;
  metrics?.consumerBatch.observe(group, messages.length);
  const verifying = metrics?.consumerVerify.startTimer(group);
  const wanted = await verified(ctx, readable, refused, where);
  verifying?.();
  const applying = metrics?.consumerApply.startTimer(group);
  const settled =
    wanted !== undefined &&
    (await retry(ctx, where, () => opts.deadLetter(refused))) &&
    (await applyAll(ctx, wanted, where));
  if (!settled) return; // stopping or rebalanced: whoever owns the partition now redelivers it
  applying?.();
  metrics?.applied(
    opts.groupId,
    messages.map((m) => m.timestamp),
  );
  const last = batch.lastOffset();
  resolveOffset(last);
  const committing = metrics?.consumerOffsetCommit.startTimer(group);
  await offsets.submit({
    topic: batch.topic,
    partition: batch.partition,
    offset: (BigInt(last) + 1n).toString(),
  });
  committing?.();
  await heartbeat();
}

/** Where a batch (or one of its messages) was read, for the logs. */
type Where = Record<string, unknown>;

/** What applying a batch needs from its consumer: the handlers, and whether it still owns the batch. */
interface BatchContext {
  opts: BatchHandling;
  alive(): boolean;
  heartbeat(): Promise<void>;
}

/**
 * The messages whose signatures hold, each with its signer; the others join `refused`. Undefined when
 * the consumer stopped before it could tell.
 */
async function verified(
  ctx: BatchContext,
  messages: ConsumedMessage[],
  refused: DeadMessage[],
  where: Where,
): Promise<ConsumedMessage[] | undefined> {
  const { verify } = ctx.opts;
  if (!verify || messages.length === 0) return messages;
  let verdicts: Verdict[] = [];
  const told = await retry(ctx, where, async () => {
    verdicts = await Promise.all(messages.map((message) => verify(message)));
  });
  if (!told) return undefined;
  return messages.flatMap((message, i) => {
    const verdict = verdicts[i] as Verdict;
    if ('signer' in verdict) return [{ ...message, signer: verdict.signer }];
    const { offset, messageId, origin } = message;
    ctx.opts.logger.warn('message refused for its signature', {
      ...where,
      offset,
      messageId,
      origin,
      reason: verdict.refused,
    });
    refused.push({ message, reason: verdict.refused, untrusted: true });
    return [];
  });
}

/**
 * Applies the batch as one; when it fails for a reason that is not the database's, the messages are
 * applied one by one, so only the one that keeps failing is dead-lettered and the rest go on in order.
 */
async function applyAll(ctx: BatchContext, messages: ConsumedMessage[], where: Where): Promise<boolean> {
  const { opts } = ctx;
  if (messages.length === 0) return true;
  const whole = await attempt(ctx, where, () => opts.handle(messages), 1);
  if (typeof whole === 'string') return whole === 'applied';
  for (const message of messages) {
    const at = { ...where, offset: message.offset, messageId: message.messageId };
    const one = await attempt(ctx, at, () => opts.handle([message]), POISON_ATTEMPTS);
    if (one === 'stopped') return false;
    if (typeof one !== 'string') {
      const reason = `PROCESSING_FAILED: ${one.failed}`;
      opts.logger.error('message failed every attempt; sent to the DLQ', { ...at, reason });
      if (!(await retry(ctx, at, () => opts.deadLetter([{ message, reason }])))) return false;
    }
  }
  return true;
}

/**
 * Runs `work` until it succeeds, the consumer stops, or it has failed `tries` times for reasons that
 * are not the database's. Failures of the database itself (down, restarting) are waited out, uncounted.
 */
async function attempt(
  { opts, alive, heartbeat }: BatchContext,
  where: Where,
  work: () => Promise<void>,
  tries: number,
): Promise<'applied' | 'stopped' | { failed: string }> {
  let failures = 0;
  for (let round = 1; ; round++) {
    if (!alive()) return 'stopped';
    try {
      await work();
      return 'applied';
    } catch (error) {
      const transient = isTransientDatabaseError(error);
      opts.logger[transient ? 'warn' : 'error']('messages not applied; retrying', {
        ...where,
        round,
        transient,
        error: String(error),
      });
      if (!transient && ++failures >= tries) return { failed: String(error).slice(0, 500) };
      await sleep(backoff(round));
      await heartbeat().catch(() => undefined);
    }
  }
}

/** Runs `work` until it succeeds or the consumer stops: for writes that must not be given up on. */
async function retry(ctx: BatchContext, where: Where, work: () => Promise<void>): Promise<boolean> {
  return (await attempt(ctx, where, work, Number.POSITIVE_INFINITY)) === 'applied';
}
