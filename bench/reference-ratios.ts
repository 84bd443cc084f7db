import { type References, share, times } from './references';

/**
 * Kafka messages one completed transfer takes, in and out of the hub: the request, PENDING to the
 * creditor, its CONFIRMED reply, CONFIRMED to both banks, the debtor's COMPLETED.
 */
export const MESSAGES_PER_TRANSFER = 6;
/** Of those, the ones that follow each other from request to completed (CONFIRMED to the creditor runs beside). */
export const HOPS_PER_TRANSFER = 5;

/** A benchmark's figures as fractions or multiples of the references (undefined: not measured). */
export interface TransferRatios {
  completedOfPostgresCommits?: number;
  kafkaMessagesPerSecond: number;
  kafkaMessagesOfRawProduce?: number;
  p50OverKafkaRoundTripP50?: number;
  p99OverKafkaRoundTripP99?: number;
}

export interface LookupRatios {
  rateOfConstantServer?: number;
  p99OverConstantServerP99?: number;
}

const per = (a: number, b: number | undefined) => (b ? a / b : undefined);

/**
 * Transfers beside the references: completed/s against raw commits/s (each transfer commits at the
 * hub several times, batched), the Kafka traffic it makes against raw batch produce, and latency
 * against the raw round trip (a transfer is HOPS_PER_TRANSFER of them in a row, at least).
 */
export function transferRatios(
  completedPerSecond: number,
  latency: { p50Ms: number; p99Ms: number },
  refs: References,
): { ratios: TransferRatios; lines: string[] } {
  const messages = MESSAGES_PER_TRANSFER * completedPerSecond;
  const ratios: TransferRatios = {
    completedOfPostgresCommits: per(completedPerSecond, refs.postgres?.commitsPerSecond),
    kafkaMessagesPerSecond: messages,
    kafkaMessagesOfRawProduce: per(messages, refs.kafka?.produce.perSecond),
    p50OverKafkaRoundTripP50: per(latency.p50Ms, refs.kafka?.roundTrip.p50Ms),
    p99OverKafkaRoundTripP99: per(latency.p99Ms, refs.kafka?.roundTrip.p99Ms),
  };
  const lines: string[] = [];
  const pg = refs.postgres;
  if (pg)
    lines.push(
      `completed transfers/s ${completedPerSecond.toFixed(0)} = ${share(completedPerSecond, pg.commitsPerSecond)} ` +
        `of raw Postgres commits/s (${pg.commitsPerSecond.toFixed(0)})`,
    );
  const k = refs.kafka;
  if (k) {
    lines.push(
      `Kafka messages/s in and out of the hub (${MESSAGES_PER_TRANSFER} a transfer) ${messages.toFixed(0)} = ` +
        `${share(messages, k.produce.perSecond)} of raw batch produce (${k.produce.perSecond.toFixed(0)} msgs/s)`,
      `latency p50 ${latency.p50Ms.toFixed(1)} ms = ${times(latency.p50Ms, k.roundTrip.p50Ms)} the raw Kafka round trip p50 ` +
        `(${k.roundTrip.p50Ms.toFixed(2)} ms); p99 ${latency.p99Ms.toFixed(1)} ms = ` +
        `${times(latency.p99Ms, k.roundTrip.p99Ms)} its p99 (${k.roundTrip.p99Ms.toFixed(2)} ms); ` +
        `${HOPS_PER_TRANSFER} round trips in a row is the floor`,
    );
  }
  return { ratios, lines };
}

/** Lookups beside the constant-reply server driven by the same load generator. */
export function lookupRatios(
  result: { perSecond: number; p99Ms: number },
  refs: References,
): { ratios: LookupRatios; lines: string[] } {
  const g = refs.grpc;
  const ratios: LookupRatios = {
    rateOfConstantServer: per(result.perSecond, g?.perSecond),
    p99OverConstantServerP99: per(result.p99Ms, g?.p99Ms),
  };
  const lines = g
    ? [
        `FindPixKey ${result.perSecond.toFixed(0)} lookups/s = ${share(result.perSecond, g.perSecond)} of the ` +
          `constant-reply server (${g.perSecond.toFixed(0)}/s); p99 ${result.p99Ms.toFixed(2)} ms = ` +
          `${times(result.p99Ms, g.p99Ms)} its p99 (${g.p99Ms.toFixed(2)} ms)`,
      ]
    : [];
  return { ratios, lines };
}
