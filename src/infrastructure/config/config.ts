import path from 'node:path';
import type { LogLevel } from '../../../lib/observability/logger';
import { OPERATOR_TOKEN_ENV } from '../../../lib/security/operator-token';
import type { ReminderPolicy } from '../../application/use-cases/resend-confirmations';
import { AMOUNT_CENTS_MAX, type TariffPolicy } from '../../domain';
import { ConfigError } from './config-error';
import { type LookupConfig, loadLookupConfig } from './lookup-config';

export { ConfigError };

/** Everything the hub and the simulated banks read from their environment, read in one place. */
export interface Config {
  /**
   * Postgres URL (`DATABASE_URL`). `codepix serve` and `codepix bank serve` refuse to start without it;
   * only `codepix dev up` starts an embedded Postgres under `home` when it is absent.
   */
  databaseUrl?: string;
  /**
   * Kafka bootstrap servers (`KAFKA_BROKERS`). Without them `codepix serve` runs the key directory alone
   * (no relay) and `codepix bank serve` refuses to start; only `dev up` starts a local broker instead.
   */
  kafkaBrokers?: string[];
  topicPrefix: string;
  /** Partitions of the topics the hub creates: the parallelism of each consumer group. */
  kafkaPartitions: number;
  transfers: {
    /** How long a creditor bank has to confirm a pending transfer. */
    deadlineMs: number;
    /** The largest amount one transfer may move, in cents. */
    maxAmountCents: bigint;
    /** How often the sweepers look for pending transfers past their deadline and unacknowledged ones. */
    sweepIntervalMs: number;
    /** When a debtor bank that has not acknowledged a confirmed transfer is told again, and when not. */
    reminders: ReminderPolicy;
    /**
     * TARIFF_CENTS_PER_BLOCK (default 1) and TARIFF_TRANSFERS_PER_BLOCK (default 10): what the hub charges
     * a bank per block of transfers it sends in a day, a block begun counting whole; 0 cents charges nothing.
     */
    tariff: TariffPolicy;
  };
  claims: {
    /**
     * CLAIM_RESOLUTION_MS (default 7 days): how long a donor bank has to answer a claim once it has it.
     * Past it an ownership claim may be completed by the claimer and a portability claim is cancelled.
     */
    resolutionMs: number;
  };
  /** A simulated bank's own limits (`codepix bank serve`, `codepix dev`). */
  bank: {
    /**
     * BANK_MAX_IN_FLIGHT: outgoing transfers a bank lets be in flight at once, however fast the hub
     * finishes them; beyond it a send is answered 429 BANK.BUSY. It bounds the work a bank can queue at
     * a hub that is about to slow down, before the rate it measures has caught up.
     */
    inFlightMax: number;
    /**
     * BANK_RECEIVED_FEE_CENTS (default 0: none): what a bank charges a business customer (a CNPJ's
     * account) for each Pix it receives, at most the Pix's amount; a `fee` line on its statement.
     */
    receivedFeeCents: bigint;
  };
  /** The directory's token buckets: categories, end users, and how instances lease from them. */
  lookups: LookupConfig;
  /**
   * Where the hub's gRPC door (and, in a local stack, the banks' HTTP API) listens. The loopback by
   * default: the banks' HTTP API is plain HTTP (passwords and tokens travel unencrypted), and a laptop
   * running the demo need not offer its hub to the network either.
   */
  grpcHost: string;
  grpcPort: number;
  /** The hub's metrics door (`METRICS_PORT`, default 9464; 0 takes any free port), on `grpcHost`. */
  metricsPort: number;
  /**
   * The hub's console door (`CONSOLE_PORT`, default 8090; 0 takes any free port), on `grpcHost`: read-only
   * pages of what the hub's database holds, for the operator.
   */
  consolePort: number;
  /**
   * The operator credential (`CODEPIX_OPERATOR_TOKEN`): what the console asks for at login. Without it
   * the console does not start, since it would have nothing to check a login against.
   */
  operatorToken?: string;
  /** Where local infrastructure keeps its data and caches. */
  home: string;
  security: {
    /**
     * mTLS on gRPC and Kafka, Kafka ACLs and signed messages (`CODEPIX_SECURITY`, default on). Off only
     * to measure what security costs: every door then trusts what a request says of its sender.
     */
    enabled: boolean;
    /** The folder of identities (`CODEPIX_PKI`, default `<home>/pki`): see pkiLayout. */
    pkiDir: string;
  };
  logLevel: LogLevel;
  /**
   * CODEPIX_STRICT_PREFETCH (on/off, default off): a transfer unit of work fails on any row its batch
   * did not prefetch, instead of locking it out of key order and counting it
   * (codepix_prefetch_misses_total). The integration tests turn it on for every hub they start.
   */
  strictPrefetch: boolean;
  /**
   * CODEPIX_CLOCK_OFFSET_MS (whole milliseconds, may be negative; default 0): how far the hub's clock
   * runs ahead of the machine's. For drills and tests of rules that take days (a refund's 90 days), never
   * for production: every time the hub writes is shifted with it.
   */
  clockOffsetMs: number;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

function port(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ConfigError(`${name} must be a port number (0-65535), got "${raw}"`);
  }
  return value;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  return wholeNumber(name, raw, fallback, 1);
}

function wholeNumber(name: string, raw: string | undefined, fallback: number, least = 0): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < least) {
    throw new ConfigError(`${name} must be a whole number of at least ${least}, got "${raw}"`);
  }
  return value;
}

function wholeMs(name: string, raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new ConfigError(`${name} must be whole milliseconds, got "${raw}"`);
  return value;
}

function onOff(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new ConfigError(`${name} must be on or off, got "${raw}"`);
}

function reminderPolicy(env: NodeJS.ProcessEnv): ReminderPolicy {
  const policy = {
    firstAfterMs: positiveInt('TRANSFER_RESEND_AFTER_MS', env.TRANSFER_RESEND_AFTER_MS, 5_000),
    maxIntervalMs: positiveInt(
      'TRANSFER_RESEND_MAX_INTERVAL_MS',
      env.TRANSFER_RESEND_MAX_INTERVAL_MS,
      60_000,
    ),
    reconcileAfterMs: positiveInt('TRANSFER_RECONCILE_AFTER_MS', env.TRANSFER_RECONCILE_AFTER_MS, 600_000),
  };
  if (policy.maxIntervalMs < policy.firstAfterMs) {
    throw new ConfigError('TRANSFER_RESEND_MAX_INTERVAL_MS must be at least TRANSFER_RESEND_AFTER_MS');
  }
  return policy;
}

/** The hub's own bound, within what the banks take in a transfer notice (AMOUNT_CENTS_MAX). */
function maxAmount(env: NodeJS.ProcessEnv): bigint {
  const cents = BigInt(positiveInt('TRANSFER_MAX_AMOUNT_CENTS', env.TRANSFER_MAX_AMOUNT_CENTS, 100_000_000));
  if (cents > AMOUNT_CENTS_MAX) {
    throw new ConfigError(`TRANSFER_MAX_AMOUNT_CENTS must be at most ${AMOUNT_CENTS_MAX}, got "${cents}"`);
  }
  return cents;
}

/** Where a local deployment keeps its data, identities and operator token: CODEPIX_HOME, else .codepix. */
export const codepixHome = (env: NodeJS.ProcessEnv = process.env) =>
  path.resolve(env.CODEPIX_HOME || '.codepix');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const level = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const home = codepixHome(env);
  const brokers = env.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    kafkaBrokers: brokers?.length ? brokers : undefined,
    topicPrefix: env.KAFKA_TOPIC_PREFIX || 'codepix',
    kafkaPartitions: positiveInt('KAFKA_PARTITIONS', env.KAFKA_PARTITIONS, 4),
    transfers: {
      deadlineMs: positiveInt('TRANSFER_DEADLINE_MS', env.TRANSFER_DEADLINE_MS, 10_000),
      maxAmountCents: maxAmount(env),
      sweepIntervalMs: positiveInt('TRANSFER_SWEEP_INTERVAL_MS', env.TRANSFER_SWEEP_INTERVAL_MS, 1_000),
      reminders: reminderPolicy(env),
      tariff: {
        centsPerBlock: BigInt(wholeNumber('TARIFF_CENTS_PER_BLOCK', env.TARIFF_CENTS_PER_BLOCK, 1)),
        transfersPerBlock: positiveInt('TARIFF_TRANSFERS_PER_BLOCK', env.TARIFF_TRANSFERS_PER_BLOCK, 10),
      },
    },
    claims: {
      resolutionMs: positiveInt('CLAIM_RESOLUTION_MS', env.CLAIM_RESOLUTION_MS, 7 * 24 * 3_600_000),
    },
    bank: {
      inFlightMax: positiveInt('BANK_MAX_IN_FLIGHT', env.BANK_MAX_IN_FLIGHT, 2_000),
      receivedFeeCents: BigInt(wholeNumber('BANK_RECEIVED_FEE_CENTS', env.BANK_RECEIVED_FEE_CENTS, 0)),
    },
    lookups: loadLookupConfig(env),
    grpcHost: env.GRPC_HOST || '127.0.0.1',
    grpcPort: port('GRPC_PORT', env.GRPC_PORT, 50051),
    metricsPort: port('METRICS_PORT', env.METRICS_PORT, 9464),
    consolePort: port('CONSOLE_PORT', env.CONSOLE_PORT, 8090),
    operatorToken: env[OPERATOR_TOKEN_ENV]?.trim() || undefined,
    home,
    security: {
      enabled: onOff('CODEPIX_SECURITY', env.CODEPIX_SECURITY, true),
      pkiDir: path.resolve(env.CODEPIX_PKI || path.join(home, 'pki')),
    },
    logLevel: level,
    strictPrefetch: onOff('CODEPIX_STRICT_PREFETCH', env.CODEPIX_STRICT_PREFETCH, false),
    clockOffsetMs: wholeMs('CODEPIX_CLOCK_OFFSET_MS', env.CODEPIX_CLOCK_OFFSET_MS),
  };
}
