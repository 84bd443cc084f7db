import path from 'node:path';
import { createLogger, fileLog } from '../lib/observability/logger';
import type { LoadedIdentity } from '../lib/security/identity-files';
import { type RunningPostgres, startEmbeddedPostgres } from '../src/infrastructure/local/embedded-postgres';
import { freePort } from '../src/infrastructure/local/free-port';
import { type RunningKafka, startLocalKafka } from '../src/infrastructure/local/local-kafka';
import { sharedCacheDir } from '../src/infrastructure/local/local-stack';

/** Everything the starter says, the embedded Postgres's output included (it has no log file of its own). */
const fileLogger = (file: string) => createLogger('debug', path.basename(file, '.log'), fileLog(file));

/** A running Postgres or Kafka, as the local starters return it. */
interface Server {
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Postgres or Kafka, on a port and data dir that stay the same across crashes. */
class Restartable<S extends Server> {
  protected server?: S;

  constructor(
    readonly label: string,
    private readonly boot: () => Promise<S>,
  ) {}

  async start(): Promise<this> {
    this.server = await this.boot();
    return this;
  }

  /** SIGKILL, then start again on the same port and data dir; resolves once it serves again. */
  async restart(downtimeMs: number): Promise<void> {
    await this.server?.kill();
    this.server = undefined;
    await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    await this.start();
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }
}

export class ChaosPostgres extends Restartable<RunningPostgres> {
  static async start(home: string, logDir: string): Promise<ChaosPostgres> {
    const port = await freePort();
    const logger = fileLogger(path.join(logDir, 'postgres.log'));
    const dataDir = path.join(home, 'postgres');
    return new ChaosPostgres('postgres', () =>
      startEmbeddedPostgres({ dataDir, port, database: 'postgres', logger }),
    ).start();
  }

  /** The server's URL, naming the `postgres` database. */
  get url(): string {
    if (!this.server) throw new Error('Postgres is not running');
    return this.server.url;
  }
}

export class ChaosKafka extends Restartable<RunningKafka> {
  constructor(
    readonly brokers: string[],
    boot: () => Promise<RunningKafka>,
  ) {
    super('kafka', boot);
  }

  /** The broker's own logs (broker.log, broker.out) stay in its data dir; `identity` makes it TLS. */
  static async start(home: string, logDir: string, identity?: LoadedIdentity): Promise<ChaosKafka> {
    const port = await freePort();
    const logger = fileLogger(path.join(logDir, 'kafka-harness.log'));
    const dataDir = path.join(home, 'kafka');
    return new ChaosKafka([`127.0.0.1:${port}`], () =>
      startLocalKafka({ dataDir, cacheDir: sharedCacheDir(), port, logger, identity }),
    ).start();
  }
}
