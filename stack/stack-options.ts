import type { DemoBank } from '../cmd/demo-data';
import type { Logger } from '../lib/observability/logger';

/** What a user of the stack chooses; everything else is as `codepix` processes are deployed. */
export interface StackOptions {
  /** Names the home folder, the topic prefix and the hub's database: `bench`, `chaos`, `e2e`. */
  name: string;
  /**
   * A Postgres server to make the stack's databases on; absent, an embedded one is started in the
   * stack's home, and it can then be killed and restarted (`stack.postgres`).
   */
  databaseUrl?: string;
  /** A Kafka broker to use, under a topic prefix of the stack's own; absent, a local one is started. */
  kafkaBrokers?: string[];
  /**
   * mTLS, Kafka ACLs and signed messages for every process of the stack; by default as this process's
   * CODEPIX_SECURITY says.
   */
  security?: boolean;
  /**
   * A PKI folder to use (its authority, hub, operator and broker identities), when the given broker
   * trusts it: a test run's. Absent, the stack makes its own in its home.
   */
  pkiDir?: string;
  /** Absent, a fresh one per stack. */
  topicPrefix?: string;
  /** Partitions of each topic (KAFKA_PARTITIONS); 4 by default, as the hub's. */
  partitions?: number;
  /** Hub instances (`codepix serve` processes) on the one database; 1 by default. */
  hubs?: number;
  /** Processes each hub instance runs (`codepix serve --workers`); 1 by default. */
  hubWorkers?: number;
  /** The banks registered, their identities issued; the demo's by default. */
  banks?: readonly DemoBank[];
  /** Run each registered bank as a `codepix bank serve` process; true by default (false: only registered). */
  runBanks?: boolean;
  /** Settings every process of the stack gets (TRANSFER_DEADLINE_MS, ...), over the stack's own. */
  env?: Record<string, string>;
  /** LOG_LEVEL of the hubs and banks; warn by default. Their logs go to files under the home. */
  logLevel?: string;
  /** Also copy each process's log lines onto this process's stderr, labelled. */
  echoLogs?: boolean;
  /**
   * Start a process that exits unasked again, as a supervisor would (a fault run); otherwise it stays
   * down. Either way the exit is recorded in `stack.crashes`.
   */
  supervise?: boolean;
  /** Every process writes a V8 CPU profile there when it exits (BENCH_CPU_PROF). */
  cpuProfileDir?: string;
  /** Keep the home (data, logs, identities) at stop, for the caller to look into or remove. */
  keepHome?: boolean;
  /** Where the stack's own warnings go, besides its logs; stderr by default. */
  logger?: Logger;
}

/** The hubs' and banks' log level when none is asked for: quiet, so a problem stands out. */
export const DEFAULT_LOG_LEVEL = 'warn';
