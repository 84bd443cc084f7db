import type { Consumer, Kafka, TopicPartitionOffsetAndMetadata } from 'kafkajs';
import { GroupCommit } from '../persistence/group-commit';
import { type BatchHandling, backoff, consumeBatch, sleep } from './consume-batch';
import { KAFKA_RETRY } from './kafka-client-factory';

export type { BatchBounds } from './consume-batch';
export { type ConsumedMessage, type DeadMessage, toConsumedMessage } from './consumed-message';

export interface BatchConsumerOptions extends BatchHandling {
  kafka: Kafka;
  topics: string[];
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

/** Partitions one consumer handles side by side; more than any topic here has. */
const PARTITIONS_AT_ONCE_MAX = 64;

/**
 * Runs a consumer whose offsets are committed only after `handle` has committed its database
 * transaction: a crash in between redelivers the batch, which the inbox makes harmless.
 *
 * It starts in the background and returns at once: joining the group can wait out a dead member's
 * session, and the process's other doors need not wait with it. A broker that is down, or a consumer
 * kafkajs gives up on (a non-retriable error), is retried with backoff until `stop()`.
 */
export function startBatchConsumer(opts: BatchConsumerOptions): RunningConsumer {
  const { messageBytesMax, partitionBatchBytesMax, fetchBytesMax } = opts.bounds;
  if (
    !(
      0 < messageBytesMax &&
      messageBytesMax <= partitionBatchBytesMax &&
      partitionBatchBytesMax <= fetchBytesMax
    )
  ) {
    throw new Error(
      `batch bounds must grow from message to partition to fetch: ${JSON.stringify(opts.bounds)}`,
    );
  }
  let stopped = false;
  let current: Consumer | undefined;
  /** Batches being handled: stop() lets them commit their offsets before the consumer disconnects. */
  const handling = new Set<Promise<void>>();
  const track = (batch: Promise<void>) => {
    handling.add(batch);
    return batch.finally(() => handling.delete(batch));
  };
  const launch = async (failures: number): Promise<void> => {
    for (let attempt = failures; !stopped; attempt++) {
      if (attempt > 0) await sleep(backoff(attempt));
      if (stopped) return;
      const consumer = createConsumer(opts, () => stopped);
      current = consumer;
      // The partitions handled side by side commit their offsets together: one request for them all.
      const offsets = new GroupCommit<TopicPartitionOffsetAndMetadata, void>(async (list) => {
        await consumer.commitOffsets(list);
        return list.map(() => undefined);
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        // Told here, once and with the group, unless stopping caused it (kafkajs's own line is at debug).
        if (stopped || consumer !== current) return;
        if (payload.restart) {
          opts.logger.warn('consumer crashed; kafkajs starts it again', {
            groupId: opts.groupId,
            error: String(payload.error),
          });
          return;
        }
        // Expected after a broker restart ("the coordinator is not aware of this member").
        opts.logger.warn('consumer crashed; starting it again', {
          groupId: opts.groupId,
          error: String(payload.error),
        });
        launching = consumer
          .disconnect()
          .catch(() => undefined)
          .then(() => launch(1));
      });
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
        opts.logger.info('consumer joined its group', {
          groupId: opts.groupId,
          partitions: Object.values(payload.memberAssignment).flat().length,
        }),
      );
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: opts.topics, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          // Every partition fetched at once is handled at once: their handlers share a group commit, so
          // one partition's commit never waits for another's, and one transaction carries them all.
          partitionsConsumedConcurrently: PARTITIONS_AT_ONCE_MAX,
          eachBatch: (payload) => track(consumeBatch(offsets, payload, opts, () => stopped)),
        });
        return;
      } catch (error) {
        if (!stopped) {
          opts.logger.warn('consumer not started; retrying', { groupId: opts.groupId, error: String(error) });
        }
        await consumer.disconnect().catch(() => undefined);
      }
    }
  };
  let launching = launch(0);
  return {
    stop: async () => {
      stopped = true;
      // A batch applied in its database must get its offset committed while the consumer is still in
      // its group; one not applied yet gives up at once (it checks `stopped`) and is redelivered.
      await Promise.allSettled([...handling]);
      await current?.disconnect().catch(() => undefined);
      await launching;
    },
  };
}

function createConsumer(opts: BatchConsumerOptions, stopped: () => boolean): Consumer {
  return opts.kafka.consumer({
    groupId: opts.groupId,
    // kafkajs restarts a consumer that crashed on a retriable error a moment later, even one whose
    // disconnect caused the crash: that would bring a stopped consumer back over a closed database.
    retry: { ...KAFKA_RETRY, restartOnFailure: async () => !stopped() },
    maxWaitTimeInMs: 50,
    maxBytesPerPartition: opts.bounds.partitionBatchBytesMax,
    maxBytes: opts.bounds.fetchBytesMax,
    // A member that died without leaving (SIGKILL) holds its partitions until this passes; 6 s is the
    // broker's smallest default (group.min.session.timeout.ms).
    sessionTimeout: 6_000,
    heartbeatInterval: 1_000,
  });
}
