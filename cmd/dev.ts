import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { createLogger, type Logger } from '../lib/observability/logger';
import { pkiLayout } from '../lib/security/identity-files';
import { ensureOperatorToken, operatorTokenFile } from '../lib/security/operator-token';
import { type Config, loadConfig } from '../src/infrastructure/config/config';
import { DEMO_BANKS, DEMO_BANKS_PORT_BASE, demoBankPort } from './demo-data';
import { type Addresses, banner, dialAddress } from './dev-banner';
import { enrolDemoBanks, provisionIdentities } from './dev-identities';
import { defaultLogFormat, type LogFormat, logFormatOption, logTargetOption, openDevLog } from './dev-log';
import { acquireDevLock, requireFreePorts } from './dev-preflight';
import { seedDemo } from './dev-seed';
import { withHub } from './hub-client';
import { consolePortOption, globalOptions, listenOption, metricsPortOption, portOption } from './options';
import { printText } from './output';
import { listenForStop } from './stop-signal';

interface Running {
  name: string;
  /** Postgres and Kafka: what the other parts need until they have stopped. */
  infrastructure?: boolean;
  stop(): Promise<void>;
}

/**
 * Stops the hub and the banks together, then the infrastructure, each part even if another fails.
 * Each of the hub and the banks closes its door first and then drains (batches in hand, outbox), so
 * no door takes new work while the others drain, and Kafka and Postgres are there until all are done.
 */
async function stopAll(running: Running[], logger: Logger): Promise<void> {
  const stopOne = async (part: Running) => {
    try {
      await part.stop();
      logger.info(`${part.name} stopped`);
    } catch (error) {
      logger.error(`${part.name} did not stop cleanly`, { error: String(error) });
    }
  };
  await Promise.all(running.filter((part) => !part.infrastructure).map(stopOne));
  for (const part of running.filter((p) => p.infrastructure)) await stopOne(part);
}

/** What the stack writes to: its logger, a logger per bank, and progress lines for the person watching. */
interface DevOutput {
  named(name: string): Logger;
  say(text: string): void;
}

/** The hub and the demo banks, started into `running` so the caller can stop whatever got started. */
async function startStack(
  config: Config,
  logger: Logger,
  opts: DevOptions,
  running: Running[],
  stopped: () => boolean,
  out: DevOutput,
) {
  const { startLocalInfra } = await import('../src/infrastructure/local/local-stack');
  const { startHub } = await import('../src/infrastructure/hub');
  const { startBank } = await import('../bank-simulator/bank');
  const pki = await provisionIdentities(config);
  logger.info('starting local infrastructure', { home: config.home });
  if (!config.databaseUrl || !config.kafkaBrokers) {
    out.say('  Postgres and Kafka... (the very first start downloads Apache Kafka: a minute or two)');
  }
  const infra = await startLocalInfra(config, logger);
  running.push({ name: 'local infrastructure', infrastructure: true, stop: () => infra.stop() });
  if (stopped()) return undefined;
  out.say('  the hub and three banks...');
  // The console's login and the banks' back office; in the home, so the CLI run beside the stack
  // finds it with no flag.
  const operatorToken = config.operatorToken ?? ensureOperatorToken(config.home);
  const hub = await startHub({
    config: {
      ...config,
      databaseUrl: infra.databaseUrl,
      kafkaBrokers: infra.kafkaBrokers,
      grpcPort: opts.port ?? config.grpcPort,
      operatorToken,
    },
    logger,
    databaseUrl: infra.databaseUrl,
    migrate: true,
  });
  running.push({ name: 'hub', stop: () => hub.stop() });
  const hubAddress = dialAddress(config.grpcHost, hub.grpcPort);
  const operator = { address: hubAddress, identity: pki && pkiLayout(config.security.pkiDir).operator };
  if (stopped()) return undefined;
  const identities = await enrolDemoBanks(config, operator, pki?.operator);
  const banks = await Promise.allSettled(
    DEMO_BANKS.map((bank, i) =>
      startBank({
        ...bank,
        httpPort: demoBankPort(opts.banksPortBase, i),
        httpHost: config.grpcHost,
        databaseUrl: infra.databaseUrl,
        kafkaBrokers: infra.kafkaBrokers,
        topicPrefix: config.topicPrefix,
        hubAddress,
        identity: identities.get(bank.ispb),
        admission: { transferDeadlineMs: config.transfers.deadlineMs, inFlightMax: config.bank.inFlightMax },
        receivedFeeCents: config.bank.receivedFeeCents,
        operatorToken,
        logger: out.named(`bank-${bank.ispb}`),
      }).then((started) => {
        running.push({ name: `bank ${bank.ispb}`, stop: () => started.stop() });
        return started;
      }),
    ),
  );
  const failed = banks.find((b) => b.status === 'rejected');
  if (failed) throw failed.reason;
  if (stopped()) return undefined;
  // Dialled the way the hub is: the banks bind where the hub binds (GRPC_HOST).
  const urls = Object.fromEntries(
    DEMO_BANKS.map((bank, i) => {
      const { port } = (banks[i] as PromiseFulfilledResult<{ port: number }>).value;
      return [bank.ispb, `http://${dialAddress(config.grpcHost, port)}`];
    }),
  );
  const seeded = await withHub(operator, (client) => seedDemo(client, urls, operatorToken));
  return {
    hub: hubAddress,
    hubMetrics: hub.metricsUrl ?? '',
    hubConsole:
      hub.consoleUrl && `http://${dialAddress(config.grpcHost, Number(new URL(hub.consoleUrl).port))}/`,
    databaseUrl: infra.databaseUrl,
    kafkaBrokers: infra.kafkaBrokers,
    identities: pki ? config.security.pkiDir : undefined,
    operatorTokenFile: operatorTokenFile(config.home),
    ...seeded,
  };
}

interface DevOptions {
  port?: number;
  metricsPort?: number;
  consolePort?: number;
  banksPortBase: number;
  listen?: string;
  log?: string;
  logFormat?: LogFormat;
}

/** `codepix dev up`: Postgres, Kafka, the hub and three demo banks on this machine, in the foreground. */
export function addDevCommands(program: Command): void {
  const dev = program.command('dev').description('run the whole stack on this machine (dev up)');
  dev
    .command('up')
    .description(
      'start Postgres and Kafka (embedded, unless DATABASE_URL / KAFKA_BROKERS are set), migrate, run the ' +
        'hub and three demo banks with demo customers, until Ctrl-C. Data, ports and the log stay in ' +
        'CODEPIX_HOME (default .codepix) from one start to the next',
    )
    .addOption(portOption())
    .addOption(metricsPortOption())
    .addOption(consolePortOption())
    .addOption(listenOption())
    .addOption(
      new Option(
        '--banks-port-base <port>',
        'HTTP port of the first bank; the others follow (0: any free ports)',
      )
        .default(DEMO_BANKS_PORT_BASE)
        .argParser((raw) => {
          const port = Number(raw);
          if (!/^\d+$/.test(raw) || port > 65535 - DEMO_BANKS.length) {
            throw new InvalidArgumentError(`Expected a port number (0-${65535 - DEMO_BANKS.length}).`);
          }
          return port;
        }),
    )
    .addOption(logTargetOption())
    .addOption(logFormatOption())
    .action(async (opts: DevOptions, command: Command) => {
      const { json } = globalOptions(command);
      const loaded = loadConfig();
      const config = {
        ...loaded,
        grpcHost: opts.listen ?? loaded.grpcHost,
        metricsPort: opts.metricsPort ?? loaded.metricsPort,
        consolePort: opts.consolePort ?? loaded.consolePort,
      };
      const lock = acquireDevLock(config.home);
      try {
        await requireFreePorts(config.grpcHost, [
          { port: opts.port ?? config.grpcPort, what: "the hub's gRPC", option: '--port' },
          { port: config.metricsPort, what: "the hub's metrics", option: '--metrics-port' },
          { port: config.consolePort, what: "the hub's console", option: '--console-port' },
          ...DEMO_BANKS.map((bank, i) => ({
            port: demoBankPort(opts.banksPortBase, i),
            what: `${bank.name}'s HTTP`,
            option: '--banks-port-base',
          })),
        ]);
        await runStack(config, opts, json);
      } finally {
        lock.release();
      }
    });
}

/** The stack in the foreground, from the first progress line to "Stopped.". */
async function runStack(config: Config, opts: DevOptions, json: boolean): Promise<void> {
  const log = openDevLog({
    target: opts.log ?? path.join(config.home, 'dev.log'),
    format: opts.logFormat ?? defaultLogFormat(),
    level: config.logLevel,
  });
  const out: DevOutput = {
    named: (name) => createLogger(config.logLevel, name, log.destination),
    // With --json, stdout carries the one JSON line and nothing else.
    say: json ? () => {} : printText,
  };
  const logger = out.named('codepix');
  const where = log.target === '-' ? '' : `; log in ${log.target}`;
  out.say(`Starting CodePix (data in ${config.home}${where})`);
  // Listening from the start: a Ctrl-C during a slow first start (downloads) still shuts down in order.
  const stop = listenForStop(logger);
  void stop.received.then(() => out.say('Stopping (Ctrl-C again to force)...'));
  const running: Running[] = [];
  let up: Addresses | undefined;
  try {
    up = await startStack(config, logger, opts, running, () => Boolean(stop.signal), out);
  } catch (error) {
    await stopAll(running, logger);
    // A Ctrl-C during the start ends what was starting (a download, say): that is a stop, not a failure.
    if (stop.signal) logger.info('start cancelled', { error: String(error) });
    if (stop.signal) return out.say('Stopped before the stack was up.');
    throw error;
  }
  if (up) {
    // One JSON line, so a script can read it while the stack keeps running.
    const whereabouts = { home: config.home, log: log.target, listen: config.grpcHost };
    printText(json ? JSON.stringify(up) : `\n${banner(up, whereabouts)}`);
    await stop.received;
  }
  await stopAll(running, logger);
  out.say('Stopped.');
}
