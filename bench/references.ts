import type { Kafka } from 'kafkajs';
import { type GrpcReference, type GrpcReferenceOptions, measureConstantServer } from './reference-grpc';
import { type KafkaReference, measureKafka } from './reference-kafka';
import { measurePostgresCommits, type PostgresReference } from './reference-postgres';

/**
 * Physical references: what the machine's Postgres, Kafka and grpc-js do at most, measured in the same
 * run as a benchmark's figures on the same servers with the same transport security, so a figure can
 * be read as a share of them. The machine's speed swings between days; the ratios swing far less.
 */
export interface References {
  seconds: number;
  security: 'on (mTLS)' | 'off';
  postgres?: PostgresReference;
  kafka?: KafkaReference;
  grpc?: GrpcReference;
}

export interface ReferenceTargets {
  /** A URL of the Postgres server the benchmark runs on: the references use a scratch database. */
  postgresUrl?: string;
  /** A client of the benchmark's broker, with the hub's identity when security is on. */
  kafka?: { kafka: Kafka; topicPrefix: string; partitions: number };
  /** The lookup benchmark's load, to drive a constant-reply server with. */
  grpc?: Omit<GrpcReferenceOptions, 'seconds'>;
}

/** BENCH_REFERENCE_SECONDS: how long each reference is measured (each costs about that, at most ~10 s). */
export const referenceSeconds = () => Number(process.env.BENCH_REFERENCE_SECONDS ?? 5);

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

/** Measures the references `targets` names, one after the other, printing one line for each. */
export async function measureReferences(
  targets: ReferenceTargets,
  security: boolean,
  log: (line: string) => void,
): Promise<References> {
  const seconds = referenceSeconds();
  const refs: References = { seconds, security: security ? 'on (mTLS)' : 'off' };
  const tls = security ? 'TLS' : 'plaintext';
  if (targets.postgresUrl) {
    const pg = await measurePostgresCommits(targets.postgresUrl, seconds);
    refs.postgres = pg;
    log(
      `reference: raw Postgres single-row commits, ${pg.connections} connections: ${int(pg.commitsPerSecond)} commits/s ` +
        `(p50 ${ms(pg.p50Ms)}, p99 ${ms(pg.p99Ms)}, ${pg.seconds.toFixed(1)} s)`,
    );
  }
  if (targets.kafka) {
    const k = await measureKafka({ ...targets.kafka, seconds });
    refs.kafka = k;
    const rt = k.roundTrip;
    log(
      `reference: raw Kafka round trip, one ${k.messageBytes} B message at a time (acks all, ${tls} as the hub): ` +
        `p50 ${ms(rt.p50Ms)}, p99 ${ms(rt.p99Ms)} (${int(rt.count)} trips, ${rt.seconds.toFixed(1)} s)`,
    );
    log(
      `reference: raw Kafka batch produce, ${k.produce.batch} x ${k.messageBytes} B per send, acks all, ` +
        `${k.produce.partitions} partitions: ${int(k.produce.perSecond)} msgs/s`,
    );
    log(`reference: raw Kafka consume of those messages: ${int(k.consume.perSecond)} msgs/s`);
  }
  if (targets.grpc) {
    const g = await measureConstantServer({ ...targets.grpc, seconds });
    refs.grpc = g;
    log(
      `reference: grpc-js constant FindPixKey reply (${security ? 'mTLS' : 'plaintext'}, ${g.workers} process(es)), ` +
        `${g.concurrency} in flight: ${int(g.perSecond)} lookups/s, p50 ${ms(g.p50Ms)}, p99 ${ms(g.p99Ms)}, ` +
        `errors ${g.errors}`,
    );
  }
  return refs;
}

/** `measured` as a percentage of `reference`: "37 %". */
export const share = (measured: number, reference: number) =>
  `${((100 * measured) / reference).toFixed(measured < reference / 10 ? 1 : 0)} %`;

/** `measured` as a multiple of `reference`: "12.3x". */
export const times = (measured: number, reference: number) =>
  `${(measured / reference).toFixed(measured < 10 * reference ? 1 : 0)}x`;

export const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
