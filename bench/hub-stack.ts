import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DEMO_BANKS } from '../cmd/demo-data';
import { createKafka } from '../lib/messaging/kafka-client-factory';
import { createLogger } from '../lib/observability/logger';
import { channelCredentials } from '../lib/security/client-credentials';
import { identityPaths, type LoadedIdentity, loadIdentity, pkiLayout } from '../lib/security/identity-files';
import { TransferServiceClient } from '../src/gen/codepix/v1/transfer';
import { loadConfig } from '../src/infrastructure/config/config';
import { freePort } from '../src/infrastructure/local/free-port';
import { type LocalInfra, startLocalInfra } from '../src/infrastructure/local/local-stack';
import { stopWithParent } from '../src/infrastructure/local/processes';
import { provisionLocalPki } from '../src/infrastructure/security/provision';
import { measureReferences, type References } from './references';

/** The three banks every stack registers: the demo's. */
export const BANKS = DEMO_BANKS;

export interface StackOptions {
  hubWorkers: number;
  partitions: number;
}

const CLI = path.resolve(__dirname, '../cmd/codepix.js');

/** BENCH_CPU_PROF=<dir>: every process of the stack writes a V8 CPU profile there when it exits. */
const profiling = () => {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
};

/**
 * Postgres and Kafka (the given ones when DATABASE_URL / KAFKA_BROKERS are set, else local ones in a
 * fresh temporary home) and the hub (`codepix serve`) as a separate process, on a fresh database and
 * topic prefix, with the three banks registered and their identities issued as an operator would
 * (`codepix bank register`). The banks themselves are whoever the benchmark makes them.
 */
export class HubStack {
  readonly home = fs.mkdtempSync(path.join(os.tmpdir(), 'codepix-bench-'));
  readonly topicPrefix = `bench${Date.now()}`;
  readonly pkiDir = path.join(this.home, 'pki');
  readonly security = loadConfig().security.enabled;
  infra?: LocalInfra;
  databaseUrl = '';
  /** The Postgres server the databases are made on (its `postgres` database). */
  serverUrl = '';
  hub?: ChildProcess;
  hubAddress = '';
  /** Where the hub serves GET /metrics. */
  hubMetricsUrl = '';
  transfers?: TransferServiceClient;
  private stopping?: Promise<void>;

  constructor(private readonly options: StackOptions) {
    fs.chmodSync(this.home, 0o755); // the postgres user must reach its data dir when we run as root
  }

  get externalInfra(): { postgres: boolean; kafka: boolean } {
    return { postgres: Boolean(process.env.DATABASE_URL), kafka: Boolean(process.env.KAFKA_BROKERS) };
  }

  get kafkaBrokers(): string[] {
    if (!this.infra) throw new Error('the stack is not started');
    return this.infra.kafkaBrokers;
  }

  /** The machine's references, on this stack's Postgres and broker with the hub's identity, while idle. */
  references(partitions: number, log: (line: string) => void): Promise<References> {
    const kafka = createKafka({
      brokers: this.kafkaBrokers,
      clientId: 'codepix-bench-reference',
      identity: this.hubIdentity(),
    });
    return measureReferences(
      { postgresUrl: this.serverUrl, kafka: { kafka, topicPrefix: this.topicPrefix, partitions } },
      this.security,
      log,
    );
  }

  /** The identity the hub talks to the broker with (a super user there); none with security off. */
  hubIdentity(): LoadedIdentity | undefined {
    return this.security ? loadIdentity(identityPaths(pkiLayout(this.pkiDir).hub), 'hub') : undefined;
  }

  /** A registered bank's identity, as `codepix bank register` wrote it; none with security off. */
  bankIdentity(ispb: string): LoadedIdentity | undefined {
    return this.security ? loadIdentity(identityPaths(pkiLayout(this.pkiDir).bank(ispb)), 'bank') : undefined;
  }

  async start(): Promise<void> {
    const config = loadConfig({ ...process.env, CODEPIX_HOME: this.home, CODEPIX_PKI: this.pkiDir });
    if (this.security) await provisionLocalPki(this.pkiDir);
    this.infra = await startLocalInfra(config, createLogger('warn', 'bench'));
    this.serverUrl = this.infra.databaseUrl;
    this.databaseUrl = await this.createDatabase(`bench_transfers_${Date.now()}`);
    const port = await freePort();
    this.hubAddress = `127.0.0.1:${port}`;
    const metricsPort = await freePort();
    this.hubMetricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const hubArgs = ['serve', '--migrate', '--port', String(port), '--metrics-port', String(metricsPort)];
    if (this.options.hubWorkers > 1) {
      // Workers would all migrate at once; one migration first makes theirs a no-op.
      await this.run(['migrate'], 'codepix migrate');
      hubArgs.push('--workers', String(this.options.hubWorkers));
    }
    this.hub = this.spawn(hubArgs, 'hub');
    const operator = this.security ? loadIdentity(identityPaths(pkiLayout(this.pkiDir).operator)) : undefined;
    this.transfers = new TransferServiceClient(this.hubAddress, channelCredentials(operator));
    const client = this.transfers;
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + 60_000, (err) => (err ? reject(err) : resolve())),
    );
    // As an operator would: each bank registered, and its identity issued, before it first starts.
    for (const { ispb, name } of BANKS) {
      await this.run(['--hub', this.hubAddress, 'bank', 'register', ispb, name], `register ${ispb}`);
    }
  }

  protected env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      CODEPIX_PKI: this.pkiDir,
      DATABASE_URL: this.databaseUrl,
      KAFKA_BROKERS: this.infra?.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      KAFKA_PARTITIONS: String(this.options.partitions),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    };
  }

  protected spawn(args: string[], label: string): ChildProcess {
    const child = spawn(process.execPath, [...profiling(), CLI, ...args], {
      env: this.env(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Should this process exit without stopping the stack (an uncaught error), the child goes with it.
    const unguard = stopWithParent(child, 'SIGTERM');
    child.once('exit', unguard);
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const line of String(chunk).split('\n').filter(Boolean))
        process.stderr.write(`[${label}] ${line}\n`);
    });
    return child;
  }

  private run(args: string[], what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = this.spawn(args, what);
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${what} exited with ${code}`)),
      );
    });
  }

  /** Central-bank money for a bank's settlement account at the hub. */
  fund(ispb: string, amount: bigint): Promise<void> {
    const client = this.transfers;
    if (!client) throw new Error('the hub is not running');
    return new Promise((resolve, reject) =>
      client.fundSettlementAccount({ ispb, amount, idempotencyKey: '' }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }

  /** The processes this benchmark started, for the CPU split. */
  processGroups(): Map<number, string> {
    const groups = new Map<number, string>([[process.pid, 'bench (load generator)']]);
    if (this.hub?.pid) groups.set(this.hub.pid, 'hub');
    return groups;
  }

  /** SIGTERM to the processes (each finishes its work), then the infrastructure. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.transfers?.close();
      await this.stopProcesses();
      if (this.infra) {
        await this.dropOwnData().catch((error) => console.error(`cleanup: ${error}`));
        await this.infra.stop();
      }
      fs.rmSync(this.home, { recursive: true, force: true });
    })();
    return this.stopping;
  }

  /** The hub; a stack with more processes stops those first. */
  protected async stopProcesses(): Promise<void> {
    if (this.hub) await terminate(this.hub);
  }

  /** The databases this stack made, to drop from a Postgres it did not start. */
  protected ownDatabases(): string[] {
    return this.databaseUrl ? [this.databaseUrl] : [];
  }

  async createDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: this.serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(this.serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /** On a Postgres or Kafka we did not start, remove our databases and topics; ours go with the home. */
  private async dropOwnData(): Promise<void> {
    if (this.externalInfra.postgres && this.databaseUrl) {
      const admin = new Client({ connectionString: this.serverUrl });
      await admin.connect();
      try {
        for (const url of this.ownDatabases()) {
          const name = decodeURIComponent(new URL(url).pathname.slice(1));
          await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
        }
      } finally {
        await admin.end();
      }
    }
    if (this.externalInfra.kafka && this.infra) {
      // As the hub, the one principal that may delete topics (security on).
      const admin = createKafka({
        brokers: this.infra.kafkaBrokers,
        clientId: 'codepix-bench-cleanup',
        identity: this.hubIdentity(),
      }).admin();
      await admin.connect();
      try {
        const ours = (await admin.listTopics()).filter((t) => t.startsWith(`${this.topicPrefix}.`));
        if (ours.length) await admin.deleteTopics({ topics: ours });
      } finally {
        await admin.disconnect();
      }
    }
  }
}

/** SIGTERM, and SIGKILL if it has not exited after 30 s. */
export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(force);
}
