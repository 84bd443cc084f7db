import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { bankDatabaseUrl } from '../bank-simulator/infrastructure/database';
import { DEMO_BANKS } from '../cmd/demo-data';
import { TransferServiceClient } from '../src/gen/codepix/v1/transfer';
import { loadConfig } from '../src/infrastructure/config/config';
import { channelCredentials } from '../src/infrastructure/grpc/client-credentials';
import { createKafka } from '../src/infrastructure/kafka/kafka-client-factory';
import { freePort } from '../src/infrastructure/local/free-port';
import { type LocalInfra, startLocalInfra } from '../src/infrastructure/local/local-stack';
import { stopWithParent } from '../src/infrastructure/local/processes';
import { createLogger } from '../src/infrastructure/logger';
import { identityPaths, loadIdentity, pkiLayout } from '../src/infrastructure/security/identity-files';
import { provisionLocalPki } from '../src/infrastructure/security/provision';

/** The three banks every stack runs: the demo's. */
export const BANKS = DEMO_BANKS;

export interface Bank {
  ispb: string;
  name: string;
  host: string;
  port: number;
  databaseUrl: string;
  process: ChildProcess;
}

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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The whole system as separate processes, the way it is deployed: Postgres and Kafka (the given ones
 * when DATABASE_URL / KAFKA_BROKERS are set, else local ones in a fresh temporary home), the hub
 * (`codepix serve`) and three banks (`codepix bank serve`), all on a fresh database and topic prefix.
 */
export class TransferStack {
  readonly home = fs.mkdtempSync(path.join(os.tmpdir(), 'codepix-bench-'));
  readonly topicPrefix = `bench${Date.now()}`;
  readonly pkiDir = path.join(this.home, 'pki');
  readonly banks: Bank[] = [];
  infra?: LocalInfra;
  databaseUrl = '';
  hub?: ChildProcess;
  hubAddress = '';
  hubMetricsUrl = '';
  transfers?: TransferServiceClient;
  private serverUrl = '';
  private stopping?: Promise<void>;

  constructor(private readonly options: StackOptions) {
    fs.chmodSync(this.home, 0o755); // the postgres user must reach its data dir when we run as root
  }

  /** Where the hub and each bank serve GET /metrics. */
  get metricsUrls(): { hub: string[]; banks: string[] } {
    return { hub: [this.hubMetricsUrl], banks: this.banks.map((b) => `http://${b.host}:${b.port}/metrics`) };
  }

  get externalInfra(): { postgres: boolean; kafka: boolean } {
    return { postgres: Boolean(process.env.DATABASE_URL), kafka: Boolean(process.env.KAFKA_BROKERS) };
  }

  async start(): Promise<void> {
    const config = loadConfig({ ...process.env, CODEPIX_HOME: this.home, CODEPIX_PKI: this.pkiDir });
    if (config.security.enabled) await provisionLocalPki(this.pkiDir);
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
    const operator = config.security.enabled
      ? loadIdentity(identityPaths(pkiLayout(this.pkiDir).operator))
      : undefined;
    this.transfers = new TransferServiceClient(this.hubAddress, channelCredentials(operator));
    const client = this.transfers;
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + 60_000, (err) => (err ? reject(err) : resolve())),
    );
    // As an operator would: each bank registered, and its identity issued, before it first starts.
    for (const { ispb, name } of BANKS) {
      await this.run(['--hub', this.hubAddress, 'bank', 'register', ispb, name], `register ${ispb}`);
    }
    await Promise.all(BANKS.map((b) => this.startBank(b.ispb, b.name)));
  }

  private env(): NodeJS.ProcessEnv {
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

  private spawn(args: string[], label: string): ChildProcess {
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

  private async startBank(ispb: string, name: string): Promise<void> {
    const port = await freePort();
    const args = ['--hub', this.hubAddress, 'bank', 'serve', '--ispb', ispb, '--name', name];
    const child = this.spawn([...args, '--port', String(port), '--host', '127.0.0.1'], `bank ${ispb}`);
    const bank: Bank = {
      ispb,
      name,
      host: '127.0.0.1',
      port,
      databaseUrl: bankDatabaseUrl(this.databaseUrl, ispb),
      process: child,
    };
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`bank ${ispb} exited with ${child.exitCode} while starting`);
      if (Date.now() > deadline) throw new Error(`bank ${ispb} not healthy after 90 s`);
      const healthy = await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.ok)
        .catch(() => false);
      if (healthy) break;
      await sleep(250);
    }
    this.banks.push(bank);
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
    for (const bank of this.banks) if (bank.process.pid) groups.set(bank.process.pid, `bank ${bank.ispb}`);
    return groups;
  }

  /** SIGTERM to the banks, then the hub (each finishes its work), then the infrastructure. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.transfers?.close();
      await Promise.all(this.banks.map((b) => terminate(b.process)));
      if (this.hub) await terminate(this.hub);
      if (this.infra) {
        await this.dropOwnData().catch((error) => console.error(`cleanup: ${error}`));
        await this.infra.stop();
      }
      fs.rmSync(this.home, { recursive: true, force: true });
    })();
    return this.stopping;
  }

  private async createDatabase(name: string): Promise<string> {
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
        for (const url of [
          ...BANKS.map((b) => bankDatabaseUrl(this.databaseUrl, b.ispb)),
          this.databaseUrl,
        ]) {
          const name = decodeURIComponent(new URL(url).pathname.slice(1));
          await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
        }
      } finally {
        await admin.end();
      }
    }
    if (this.externalInfra.kafka && this.infra) {
      // As the hub, the one principal that may delete topics (security on).
      const identity = loadConfig().security.enabled
        ? loadIdentity(identityPaths(pkiLayout(this.pkiDir).hub), 'hub')
        : undefined;
      const admin = createKafka({
        brokers: this.infra.kafkaBrokers,
        clientId: 'codepix-bench-cleanup',
        identity,
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
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(force);
}
