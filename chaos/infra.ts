import fs from 'node:fs';
import path from 'node:path';
import { type RunningPostgres, startEmbeddedPostgres } from '../src/infrastructure/local/embedded-postgres';
import { freePort } from '../src/infrastructure/local/free-port';
import { type RunningKafka, startLocalKafka } from '../src/infrastructure/local/local-kafka';
import { sharedCacheDir } from '../src/infrastructure/local/local-stack';
import type { Logger } from '../src/infrastructure/logger';

/** Postgres or Kafka, on a port and data dir that stay the same across crashes. */
export interface RestartableServer {
  readonly label: string;
  /** SIGKILL, then start again on the same port and data dir; resolves once it serves again. */
  restart(downtimeMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Log lines of the embedded Postgres (which has no log file of its own) appended to a file. */
function fileLogger(file: string): Logger {
  const write = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    const output = typeof fields?.output === 'string' ? fields.output : JSON.stringify(fields ?? {});
    fs.appendFileSync(file, `${new Date().toISOString()} ${level} ${msg} ${output}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export class ChaosPostgres implements RestartableServer {
  readonly label = 'postgres';
  private server?: RunningPostgres;

  private constructor(
    private readonly dataDir: string,
    private readonly port: number,
    private readonly logger: Logger,
  ) {}

  static async start(home: string, logDir: string): Promise<ChaosPostgres> {
    const pg = new ChaosPostgres(
      path.join(home, 'postgres'),
      await freePort(),
      fileLogger(path.join(logDir, 'postgres.log')),
    );
    await pg.boot();
    return pg;
  }

  /** The server's URL, naming the `postgres` database. */
  get url(): string {
    if (!this.server) throw new Error('Postgres is not running');
    return this.server.url;
  }

  async restart(downtimeMs: number): Promise<void> {
    await this.server?.kill();
    this.server = undefined;
    await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  private async boot(): Promise<void> {
    this.server = await startEmbeddedPostgres({
      dataDir: this.dataDir,
      port: this.port,
      database: 'postgres',
      logger: this.logger,
    });
  }
}

export class ChaosKafka implements RestartableServer {
  readonly label = 'kafka';
  private broker?: RunningKafka;

  private constructor(
    private readonly dataDir: string,
    private readonly port: number,
    private readonly logger: Logger,
  ) {}

  static async start(home: string, logDir: string): Promise<ChaosKafka> {
    const kafka = new ChaosKafka(
      path.join(home, 'kafka'),
      await freePort(),
      fileLogger(path.join(logDir, 'kafka-harness.log')),
    );
    await kafka.boot();
    return kafka;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  /** The broker's own logs (broker.log, broker.out) stay in its data dir. */
  get logDir(): string {
    return this.dataDir;
  }

  async restart(downtimeMs: number): Promise<void> {
    await this.broker?.kill();
    this.broker = undefined;
    await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.broker?.stop();
    this.broker = undefined;
  }

  private async boot(): Promise<void> {
    this.broker = await startLocalKafka({
      dataDir: this.dataDir,
      cacheDir: sharedCacheDir(),
      port: this.port,
      logger: this.logger,
    });
  }
}
