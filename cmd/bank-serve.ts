import { type Command, InvalidArgumentError, Option } from 'commander';
import { createLogger } from '../lib/observability/logger';
import { ensureOperatorToken, OPERATOR_TOKEN_ENV, operatorTokenFile } from '../lib/security/operator-token';
import { loadConfig } from '../src/infrastructure/config/config';
import { UsageError } from './errors';
import { callerIdentity } from './hub-client';
import { globalOptions, listenOption } from './options';
import { listenForStop } from './stop-signal';

interface BankServeOptions {
  ispb: string;
  name: string;
  color?: string;
  port: number;
  listen?: string;
  /** The old name of --listen, still taken. */
  host?: string;
}

/** At least 32 bytes of secret: as much as the HMAC-SHA256 key it becomes. */
const SESSION_SECRET_BYTES_MIN = 32;

/**
 * The operator's token: CODEPIX_OPERATOR_TOKEN, else the one in CODEPIX_HOME (made there if missing,
 * so the CLI beside it finds it). Without either the bank would serve no operator, so it does not start.
 */
export function servedOperatorToken(home: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = env[OPERATOR_TOKEN_ENV]?.trim();
  if (given) return given;
  try {
    return ensureOperatorToken(home);
  } catch (error) {
    throw new UsageError(
      `no operator token: ${OPERATOR_TOKEN_ENV} is not set and ${operatorTokenFile(home)} cannot be made ` +
        `(${(error as NodeJS.ErrnoException).code ?? String(error)}); set one or let CODEPIX_HOME be written`,
    );
  }
}

/** BANK_SESSION_SECRET signs the customers' sessions, so they outlive a restart; unset, they end at one. */
export function sessionSecret(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const given = env.BANK_SESSION_SECRET;
  if (given === undefined || given === '') return undefined;
  const secret = Buffer.from(given, 'utf8');
  if (secret.length < SESSION_SECRET_BYTES_MIN) {
    throw new UsageError(`BANK_SESSION_SECRET must be at least ${SESSION_SECRET_BYTES_MIN} bytes`);
  }
  return secret;
}

const httpPortOption = () =>
  new Option('--port <port>', 'HTTP port; 0 asks the system for a free one')
    .default(8081)
    .argParser((raw) => {
      const port = Number(raw);
      if (!/^\d+$/.test(raw) || port > 65535)
        throw new InvalidArgumentError('Expected a port number (0-65535).');
      return port;
    });

/**
 * `codepix bank serve`: one simulated bank (HTTP API, its own database on DATABASE_URL's server, Kafka at
 * KAFKA_BROKERS, the hub at --hub). The bank's code is imported only when this runs, so the other
 * commands stay fast.
 */
export function addBankServeCommand(bank: Command): void {
  bank
    .command('serve')
    .description(
      'run a simulated bank against DATABASE_URL and KAFKA_BROKERS; logs go to stderr; SIGINT/SIGTERM stop it',
    )
    .requiredOption('--ispb <ispb>', "the bank's ISPB, 8 digits")
    .requiredOption('--name <name>', "the bank's name")
    .addOption(
      new Option('--color <#rrggbb>', "its web app's colour, dark enough for white text on it").env(
        'BANK_COLOR',
      ),
    )
    .addOption(httpPortOption())
    .addOption(listenOption())
    .addOption(new Option('--host <address>').hideHelp())
    .action(async (opts: BankServeOptions, command: Command) => {
      const { hub } = globalOptions(command);
      const config = loadConfig();
      if (!config.databaseUrl) throw new UsageError('DATABASE_URL is not set (a Postgres server URL)');
      if (!config.kafkaBrokers) throw new UsageError('KAFKA_BROKERS is not set');
      const logger = createLogger(config.logLevel, `bank-${opts.ispb}`);
      const stop = listenForStop(logger);
      const { startBank } = await import('../bank-simulator/bank');
      const running = await startBank({
        ispb: opts.ispb,
        name: opts.name,
        color: opts.color,
        httpPort: opts.port,
        httpHost: opts.listen ?? opts.host ?? config.grpcHost,
        databaseUrl: config.databaseUrl,
        kafkaBrokers: config.kafkaBrokers,
        topicPrefix: config.topicPrefix,
        hubAddress: hub.address,
        identity: callerIdentity({ ...hub, actingAs: opts.ispb }),
        admission: { transferDeadlineMs: config.transfers.deadlineMs, inFlightMax: config.bank.inFlightMax },
        receivedFeeCents: config.bank.receivedFeeCents,
        operatorToken: servedOperatorToken(config.home),
        sessionSecret: sessionSecret(),
        logger,
      });
      await stop.received;
      await running.stop();
      logger.info('bank stopped');
    });
}
