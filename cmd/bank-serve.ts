import { type Command, InvalidArgumentError, Option } from 'commander';
import { createLogger } from '../lib/observability/logger';
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
        logger,
      });
      await stop.received;
      await running.stop();
      logger.info('bank stopped');
    });
}
