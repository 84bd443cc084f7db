import type { Command } from 'commander';
import { loadConfig } from '../src/infrastructure/config/config';
import type { Hub } from '../src/infrastructure/hub';
import { createLogger } from '../src/infrastructure/logger';
import { globalOptions, portOption } from './options';
import { keyValues, printText } from './output';
import { listenForStop } from './stop-signal';

const DEFAULT_HUB = 'localhost:50051';

/** The address a client on this machine dials: a wildcard bind is reached through localhost. */
const dialAddress = (host: string, port: number) =>
  `${['0.0.0.0', '::', ''].includes(host) ? 'localhost' : host}:${port}`;

function banner(addresses: { hub: string; databaseUrl: string; kafkaBrokers: string[] }): string {
  const cli = `codepix${addresses.hub === DEFAULT_HUB ? '' : ` --hub ${addresses.hub}`}`;
  return [
    'CodePix is up.',
    '',
    keyValues([
      ['hub (gRPC)', addresses.hub],
      ['DATABASE_URL', addresses.databaseUrl],
      ['KAFKA_BROKERS', addresses.kafkaBrokers.join(',')],
    ]),
    '',
    'Try, in another terminal (from this checkout, `npx codepix` or `node dist/cmd/codepix.js`):',
    `  ${cli} bank register 11111111 "Banco Azul"`,
    `  ${cli} key register --bank 11111111 --kind cpf --branch 1 --account 12345 \\`,
    '      --owner-name "Maria Souza" --owner-tax-id 52998224725',
    `  ${cli} key register --bank 11111111 --kind email --key maria@example.com \\`,
    '      --branch 1 --account 12345 --owner-name "Maria Souza" --owner-tax-id 52998224725',
    `  ${cli} key find maria@example.com --bank 11111111`,
    `  ${cli} key list --bank 11111111 --branch 1 --account 12345`,
    `  grpcurl -plaintext ${addresses.hub} list`,
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}

/** `codepix dev up`: Postgres, Kafka and the hub on this machine, in the foreground. */
export function addDevCommands(program: Command): void {
  const dev = program.command('dev').description('a local development stack');
  dev
    .command('up')
    .description(
      'start Postgres and Kafka (embedded, unless DATABASE_URL / KAFKA_BROKERS are set), migrate, ' +
        'and run the hub until Ctrl-C',
    )
    .addOption(portOption())
    .action(async (opts: { port?: number }, command: Command) => {
      const { json } = globalOptions(command);
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      // Listening from the start: a Ctrl-C during a slow first start (downloads) still shuts down in order.
      const stop = listenForStop(logger);
      const { startLocalInfra } = await import('../src/infrastructure/local/local-stack');
      const { startHub } = await import('../src/infrastructure/hub');
      logger.info('starting local infrastructure', { home: config.home });
      const infra = await startLocalInfra(config, logger);
      let hub: Hub | undefined;
      try {
        if (!stop.signal) {
          hub = await startHub({
            config: {
              ...config,
              databaseUrl: infra.databaseUrl,
              kafkaBrokers: infra.kafkaBrokers,
              grpcPort: opts.port ?? config.grpcPort,
            },
            logger,
            databaseUrl: infra.databaseUrl,
            migrate: true,
          });
        }
      } catch (error) {
        await infra.stop();
        throw error;
      }
      if (hub) {
        const addresses = {
          hub: dialAddress(config.grpcHost, hub.grpcPort),
          databaseUrl: infra.databaseUrl,
          kafkaBrokers: infra.kafkaBrokers,
        };
        // One JSON line, so a script can read it while the stack keeps running.
        printText(json ? JSON.stringify(addresses) : banner(addresses));
        await stop.received;
        await hub.stop();
        logger.info('hub stopped');
      }
      await infra.stop();
      logger.info('local infrastructure stopped');
    });
}
