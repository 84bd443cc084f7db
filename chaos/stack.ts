import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Metadata } from '@grpc/grpc-js';
import { Client } from 'pg';
import { bankDatabaseUrl } from '../bank-simulator/infrastructure/database';
import { DEMO_BANKS } from '../cmd/demo-data';
import { createKafka } from '../lib/messaging/kafka-client-factory';
import { channelCredentials } from '../lib/security/client-credentials';
import { identityPaths, loadIdentity, pkiLayout } from '../lib/security/identity-files';
import { TransferServiceClient } from '../src/gen/codepix/v1/transfer';
import { loadConfig } from '../src/infrastructure/config/config';
import { freePort } from '../src/infrastructure/local/free-port';
import { canConnect } from '../src/infrastructure/local/processes';
import { type LocalPki, provisionLocalPki } from '../src/infrastructure/security/provision';
import { ChaosKafka, ChaosPostgres } from './infra';
import { type Crash, projectRoot, Service } from './service';

/** The three banks every stack runs: the demo's. */
export const BANKS = DEMO_BANKS;

export interface ChaosBank {
  ispb: string;
  name: string;
  url: string;
  databaseUrl: string;
  service: Service;
}

export interface StackOptions {
  /** How long a creditor bank has to confirm; short, so freezing a bank past it is quick. */
  deadlineMs: number;
  sweepIntervalMs: number;
  partitions: number;
  logLevel: string;
}

const run = promisify(execFile);

/**
 * The whole system as separate processes in a temporary home: Postgres, a Kafka broker, two hub
 * instances sharing one database, and three banks. Every part can be killed and restarted on the same
 * port and data; banks reach the hub's gRPC door through hub 1 (only to register and for Pix keys).
 */
export class ChaosStack {
  readonly home = fs.mkdtempSync(path.join(os.tmpdir(), 'codepix-chaos-'));
  readonly logDir = path.join(this.home, 'logs');
  readonly pkiDir = path.join(this.home, 'pki');
  readonly topicPrefix = `chaos${Date.now()}`;
  readonly crashes: Crash[] = [];
  readonly hubs: Service[] = [];
  readonly banks: ChaosBank[] = [];
  postgres?: ChaosPostgres;
  kafka?: ChaosKafka;
  hubDatabaseUrl = '';
  hubAddress = '';
  private pki?: LocalPki;
  private transferClient?: TransferServiceClient;
  private stopping?: Promise<void>;

  constructor(private readonly options: StackOptions) {
    fs.chmodSync(this.home, 0o755); // the postgres user must reach its data dir when we run as root
    fs.mkdirSync(this.logDir);
  }

  async start(): Promise<void> {
    const pki = await provisionLocalPki(this.pkiDir);
    // With security on (CODEPIX_SECURITY) the broker takes only TLS clients with our certificates.
    this.pki = loadConfig().security.enabled ? pki : undefined;
    const [postgres, kafka] = await Promise.allSettled([
      ChaosPostgres.start(this.home, this.logDir),
      ChaosKafka.start(this.home, this.logDir, this.pki?.broker),
    ]);
    if (postgres.status === 'fulfilled') this.postgres = postgres.value;
    if (kafka.status === 'fulfilled') this.kafka = kafka.value;
    if (postgres.status === 'rejected') throw postgres.reason;
    if (kafka.status === 'rejected') throw kafka.reason;

    this.hubDatabaseUrl = await this.createDatabase('chaos');
    // Two hubs migrating at once would race; one migration first makes `serve` find nothing to do.
    await this.codepix(['migrate']);
    const ports = [await freePort(), await freePort()];
    this.hubAddress = `127.0.0.1:${ports[0]}`;
    for (const [i, port] of ports.entries()) {
      // Each hub's metrics door on a port of its own: two hubs on one machine cannot share the default.
      const args = ['serve', '--port', String(port), '--metrics-port', String(await freePort())];
      this.hubs.push(this.service(`hub-${i + 1}`, args, () => canConnect(port)));
    }
    await Promise.all(this.hubs.map((hub) => hub.start()));
    for (const { ispb, name } of BANKS) {
      // As an operator would: registered, and its identity issued, before the bank first starts.
      await this.codepix(['--hub', this.hubAddress, 'bank', 'register', ispb, name]);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const args = ['--hub', this.hubAddress, 'bank', 'serve', '--ispb', ispb, '--name', name];
      args.push('--port', String(port), '--host', '127.0.0.1');
      const healthy = async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).ok;
      const service = this.service(`bank-${ispb}`, args, healthy);
      this.banks.push({ ispb, name, url, databaseUrl: bankDatabaseUrl(this.hubDatabaseUrl, ispb), service });
    }
    await Promise.all(this.banks.map((bank) => bank.service.start()));
  }

  bank(ispb: string): ChaosBank {
    const bank = this.banks.find((b) => b.ispb === ispb);
    if (!bank) throw new Error(`no bank ${ispb}`);
    return bank;
  }

  get brokers(): string[] {
    if (!this.kafka) throw new Error('Kafka is not running');
    return this.kafka.brokers;
  }

  /** A client of the stack's broker as the hub, which may read and write every topic. */
  kafkaClient(clientId: string) {
    return createKafka({ brokers: this.brokers, clientId, identity: this.pki?.hub });
  }

  /** Every hub and bank serving again (after a fault, or a crash and its restart). */
  async waitHealthy(timeoutMs: number): Promise<void> {
    await Promise.all([...this.hubs, ...this.banks.map((b) => b.service)].map((s) => s.waitReady(timeoutMs)));
  }

  /** Central-bank money for a bank's settlement account, through hub 1; the key makes a retry harmless. */
  fund(ispb: string, amount: bigint, idempotencyKey: string): Promise<void> {
    this.transferClient ??= new TransferServiceClient(
      this.hubAddress,
      channelCredentials(loadIdentity(identityPaths(pkiLayout(this.pkiDir).operator))),
    );
    const client = this.transferClient;
    return new Promise((resolve, reject) =>
      client.fundSettlementAccount(
        { ispb, amount, idempotencyKey },
        new Metadata(),
        { deadline: Date.now() + 15_000 },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }

  /** Banks, then hubs, then Kafka and Postgres; every process this stack started is gone after it. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.transferClient?.close();
      await Promise.all(this.banks.map((b) => b.service.stop()));
      await Promise.all(this.hubs.map((h) => h.stop()));
      await Promise.all([this.kafka?.stop(), this.postgres?.stop()]);
    })();
    return this.stopping;
  }

  /** Deletes the home (data and logs); callers keep it when a run failed, for the logs. */
  removeHome(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }

  private async codepix(args: string[]): Promise<void> {
    await run(process.execPath, [path.join(projectRoot(), 'dist/cmd/codepix.js'), ...args], {
      env: this.env(),
    });
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      CODEPIX_PKI: this.pkiDir,
      CODEPIX_SECURITY: 'on',
      DATABASE_URL: this.hubDatabaseUrl,
      KAFKA_BROKERS: this.brokers.join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      KAFKA_PARTITIONS: String(this.options.partitions),
      TRANSFER_DEADLINE_MS: String(this.options.deadlineMs),
      TRANSFER_SWEEP_INTERVAL_MS: String(this.options.sweepIntervalMs),
      LOG_LEVEL: this.options.logLevel,
      CODEPIX_HUB: undefined,
    };
  }

  private service(label: string, args: string[], ready: () => Promise<boolean>): Service {
    return new Service({
      label,
      args,
      env: this.env(),
      logFile: path.join(this.logDir, `${label}.log`),
      ready,
      onCrash: (crash) => this.crashes.push(crash),
    });
  }

  private async createDatabase(name: string): Promise<string> {
    const serverUrl = this.postgres?.url ?? '';
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    } finally {
      await admin.end();
    }
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }
}
