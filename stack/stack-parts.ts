import path from 'node:path';
import { bankDatabaseUrl } from '../bank-simulator/infrastructure/database';
import type { DemoBank } from '../cmd/demo-data';
import { OPERATOR_TOKEN_ENV } from '../lib/security/operator-token';
import { freePort } from '../src/infrastructure/local/free-port';
import { canConnect } from '../src/infrastructure/local/processes';
import { type Crash, Service } from './service';
import type { StackIdentities } from './stack-identities';
import { DEFAULT_LOG_LEVEL, type StackOptions } from './stack-options';

/** One hub instance: `codepix serve` with its gRPC, metrics and console doors on ports of its own. */
export interface StackHub {
  label: string;
  address: string;
  metricsUrl: string;
  /** The console's first page; served when the hub has an operator token (CODEPIX_OPERATOR_TOKEN). */
  consoleUrl: string;
  service: Service;
}

/** One bank: `codepix bank serve`, its HTTP API on a port it keeps across restarts. */
export interface StackBank extends DemoBank {
  host: string;
  port: number;
  url: string;
  /** The stack's operator token, which the bank takes (bank-http.ts sends it). */
  operatorToken: string;
  /** The bank's own database, next to the hub's. */
  databaseUrl: string;
  service: Service;
}

/** How the stack starts each of its processes. */
export interface PartOptions {
  env: NodeJS.ProcessEnv;
  logDir: string;
  echo?: boolean;
  cpuProfileDir?: string;
  supervise: boolean;
  onCrash(crash: Crash): void;
}

/** What a part needs of its stack. */
interface StackView {
  readonly home: string;
  readonly logDir: string;
  readonly hubAddress: string;
  readonly hubDatabaseUrl: string;
  readonly kafkaBrokers: string[];
  readonly topicPrefix: string;
  readonly partitions: number;
  readonly identities: StackIdentities;
  readonly operatorToken: string;
}

/** How every hub and bank process of `stack` is started: its environment, logs and supervision. */
export function partOptions(
  stack: StackView,
  opts: StackOptions,
  onCrash: (crash: Crash) => void,
): PartOptions {
  const { identities } = stack;
  const env = {
    ...process.env,
    // Every call names its hub (--hub) and identity: nothing from the caller's shell picks them.
    CODEPIX_HUB: undefined,
    CODEPIX_IDENTITY: undefined,
    CODEPIX_HOME: stack.home,
    CODEPIX_PKI: identities.pkiDir,
    CODEPIX_SECURITY: identities.security ? 'on' : 'off',
    // Every bank and hub of the stack takes the one operator token of its home.
    [OPERATOR_TOKEN_ENV]: stack.operatorToken,
    DATABASE_URL: stack.hubDatabaseUrl,
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: stack.topicPrefix,
    KAFKA_PARTITIONS: String(stack.partitions),
    LOG_LEVEL: opts.logLevel ?? DEFAULT_LOG_LEVEL,
    ...opts.env,
  };
  return {
    env,
    logDir: stack.logDir,
    echo: opts.echoLogs,
    cpuProfileDir: opts.cpuProfileDir,
    supervise: Boolean(opts.supervise),
    onCrash,
  };
}

const HOST = '127.0.0.1';

function service(label: string, args: string[], ready: () => Promise<boolean>, opts: PartOptions): Service {
  const { logDir, ...rest } = opts;
  return new Service({ ...rest, label, args, ready, logFile: path.join(logDir, `${label}.log`) });
}

/**
 * A hub instance; it serves once both doors take connections (gRPC opens after the Kafka relay is up,
 * the console before the metrics door, the metrics door last). Several on one machine cannot share the
 * default metrics and console ports, so each has its own.
 */
export async function hubService(label: string, workers: number, opts: PartOptions): Promise<StackHub> {
  const [port, metricsPort, consolePort] = [await freePort(), await freePort(), await freePort()];
  const args = ['serve', '--listen', HOST, '--port', String(port), '--metrics-port', String(metricsPort)];
  args.push('--console-port', String(consolePort));
  if (workers > 1) args.push('--workers', String(workers));
  const ready = async () => (await canConnect(port)) && (await canConnect(metricsPort));
  return {
    label,
    address: `${HOST}:${port}`,
    metricsUrl: `http://${HOST}:${metricsPort}/metrics`,
    consoleUrl: `http://${HOST}:${consolePort}/`,
    service: service(label, args, ready, opts),
  };
}

/** A registered bank, calling the first hub instance with the identity it was issued; serves once healthy. */
export async function bankService(stack: StackView, bank: DemoBank, opts: PartOptions): Promise<StackBank> {
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  const { identities } = stack;
  const identity = identities.security ? ['--identity', identities.bankDir(bank.ispb)] : [];
  const args = [
    '--hub',
    stack.hubAddress,
    ...identity,
    'bank',
    'serve',
    '--ispb',
    bank.ispb,
    '--name',
    bank.name,
  ];
  args.push('--port', String(port), '--listen', HOST);
  const ready = async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).ok;
  return {
    ...bank,
    host: HOST,
    port,
    url,
    operatorToken: stack.operatorToken,
    databaseUrl: bankDatabaseUrl(stack.hubDatabaseUrl, bank.ispb),
    // Its colour as `codepix bank serve` reads one from the environment, as a deployment would give it.
    service: service(`bank-${bank.ispb}`, args, ready, {
      ...opts,
      env: { ...opts.env, BANK_COLOR: bank.color },
    }),
  };
}
