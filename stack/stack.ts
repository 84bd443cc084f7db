import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Metadata } from '@grpc/grpc-js';
import { bankDatabaseUrl } from '../bank-simulator/infrastructure/database';
import { DEMO_BANKS, type DemoBank } from '../cmd/demo-data';
import { createKafka } from '../lib/messaging/kafka-client-factory';
import { createLogger, type Logger } from '../lib/observability/logger';
import { channelCredentials } from '../lib/security/client-credentials';
import { identityPaths, type LoadedIdentity, loadIdentity, pkiLayout } from '../lib/security/identity-files';
import { TransferServiceClient } from '../src/gen/codepix/v1/transfer';
import { loadConfig } from '../src/infrastructure/config/config';
import { type LocalInfra, type LocalServer, startLocalInfra } from '../src/infrastructure/local/local-stack';
import { sleep } from '../src/infrastructure/local/processes';
import { provisionLocalPki } from '../src/infrastructure/security/provision';
import { openAccount, registerKey } from './bank-http';
import { fileLogger, runCli } from './cli-process';
import { checkInvariants, drained } from './invariants';
import type { Crash } from './service';
import { createDatabase, deleteTopics, dropDatabases } from './stack-data';
import { DEFAULT_LOG_LEVEL, type StackOptions } from './stack-options';
import { bankService, hubService, type StackBank, type StackHub } from './stack-parts';

export type { StackBank, StackHub } from './stack-parts';

/**
 * The whole system as it is deployed, for the tests, the benchmarks and the fault runs: Postgres and
 * Kafka (given ones, or local ones in a temporary home), N hub instances (`codepix serve`) on one
 * database, and the banks registered and issued their identities as an operator would (`codepix bank
 * register`), each running as `codepix bank serve`. Every process can be stopped, killed, frozen and
 * started again on the same port and data; stop() takes down everything the stack started.
 */
export class Stack {
  readonly name: string;
  readonly home: string;
  readonly logDir: string;
  readonly pkiDir: string;
  readonly topicPrefix: string;
  readonly security: boolean;
  readonly partitions: number;
  /** The banks registered at the hub (whether or not they run). */
  readonly participants: readonly DemoBank[];
  readonly hubs: StackHub[] = [];
  /** The banks running as processes. */
  readonly banks: StackBank[] = [];
  readonly crashes: Crash[] = [];
  /** The Postgres server (its URL names a database of the stack's own making, not the hub's). */
  serverUrl = '';
  hubDatabaseUrl = '';
  kafkaBrokers: string[] = [];
  private infra?: LocalInfra;
  private readonly logger: Logger;
  private hubsMade = 0;
  private transfers?: TransferServiceClient;
  private stopping?: Promise<void>;

  constructor(private readonly opts: StackOptions) {
    const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    this.name = opts.name;
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), `codepix-${opts.name}-`));
    fs.chmodSync(this.home, 0o755); // the postgres user must reach its data dir when we run as root
    this.logDir = path.join(this.home, 'logs');
    this.pkiDir = opts.pkiDir ?? path.join(this.home, 'pki');
    this.topicPrefix = opts.topicPrefix ?? `${opts.name}${suffix}`;
    this.security = opts.security ?? loadConfig().security.enabled;
    this.partitions = opts.partitions ?? 4;
    this.participants = opts.banks ?? DEMO_BANKS;
    this.logger = opts.logger ?? createLogger('warn', `${opts.name}-stack`);
  }

  /** Which of Postgres and Kafka were given rather than started here. */
  get external(): { postgres: boolean; kafka: boolean } {
    return { postgres: Boolean(this.opts.databaseUrl), kafka: Boolean(this.opts.kafkaBrokers) };
  }

  /** The Postgres and Kafka the stack started, to kill and restart; absent when given. */
  get postgres(): LocalServer | undefined {
    return this.infra?.postgres;
  }

  get kafka(): LocalServer | undefined {
    return this.infra?.kafka;
  }

  /** The address banks and callers reach the hub at: the first instance. */
  get hubAddress(): string {
    if (!this.hubs[0]) throw new Error('no hub is running');
    return this.hubs[0].address;
  }

  async start(): Promise<void> {
    if (this.security && !this.opts.pkiDir) await provisionLocalPki(this.pkiDir);
    const config = loadConfig({
      ...process.env,
      CODEPIX_HOME: this.home,
      CODEPIX_PKI: this.pkiDir,
      CODEPIX_SECURITY: this.security ? 'on' : 'off',
      DATABASE_URL: this.opts.databaseUrl,
      KAFKA_BROKERS: this.opts.kafkaBrokers?.join(','),
    });
    this.infra = await startLocalInfra(config, fileLogger(path.join(this.logDir, 'infra.log'), this.logger));
    this.serverUrl = this.infra.databaseUrl;
    this.kafkaBrokers = this.infra.kafkaBrokers;
    this.hubDatabaseUrl = await createDatabase(this.serverUrl, this.topicPrefix.replace(/\W/g, '_'));
    // Hubs (and workers) started together would all migrate at once; one migration first leaves them none.
    await this.runCli(['migrate'], 'migrate');
    await Promise.all(Array.from({ length: this.opts.hubs ?? 1 }, () => this.addHub()));
    // As an operator would: each bank registered, and its identity issued, before it first starts.
    await Promise.all(
      this.participants.map(({ ispb, name }) =>
        this.runCli(
          ['--hub', this.hubAddress, 'bank', 'register', ispb, name, '--out', this.bankIdentityDir(ispb)],
          `register-${ispb}`,
        ),
      ),
    );
    if (this.opts.runBanks === false) return;
    for (const bank of this.participants) this.banks.push(await bankService(this, bank, this.partOptions()));
    await Promise.all(this.banks.map((bank) => bank.service.start()));
  }

  /** One more hub instance on the stack's database, with ports of its own; resolves once it serves. */
  async addHub(): Promise<StackHub> {
    const hub = await hubService(`hub-${++this.hubsMade}`, this.opts.hubWorkers ?? 1, this.partOptions());
    this.hubs.push(hub);
    await hub.service.start();
    return hub;
  }

  /** Stops a hub instance (SIGTERM: it finishes its work) and forgets it; resolves with its exit code. */
  async stopHub(hub: StackHub, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const code = await hub.service.stop(signal);
    this.hubs.splice(this.hubs.indexOf(hub), 1);
    return code;
  }

  bank(ispb: string): StackBank {
    const bank = this.banks.find((b) => b.ispb === ispb);
    if (!bank) throw new Error(`bank ${ispb} is not part of the stack`);
    return bank;
  }

  /** Stops a bank: SIGTERM lets it finish its work, SIGKILL does not. Resolves with its exit code. */
  stopBank(ispb: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    return this.bank(ispb).service.stop(signal);
  }

  /** Starts a stopped bank again, on its port, data and identity; resolves once it serves. */
  startBank(ispb: string): Promise<void> {
    return this.bank(ispb).service.start();
  }

  /** Where `codepix bank register` wrote a bank's identity (used with security on only). */
  bankIdentityDir(ispb: string): string {
    return path.join(this.home, 'identities', ispb);
  }

  bankIdentity(ispb: string): LoadedIdentity | undefined {
    return this.security ? loadIdentity(identityPaths(this.bankIdentityDir(ispb)), 'bank') : undefined;
  }

  /** The identity the hub talks to the broker with (a super user there); none with security off. */
  hubIdentity(): LoadedIdentity | undefined {
    return this.security ? loadIdentity(identityPaths(pkiLayout(this.pkiDir).hub), 'hub') : undefined;
  }

  /** A client of the stack's broker as the hub, which may read, write and delete every topic. */
  kafkaClient(clientId: string) {
    return createKafka({ brokers: this.kafkaBrokers, clientId, identity: this.hubIdentity() });
  }

  /** Central-bank money for a bank's settlement account; an idempotency key makes a retry harmless. */
  fund(ispb: string, amount: bigint, idempotencyKey = ''): Promise<void> {
    const operator = this.security ? loadIdentity(identityPaths(pkiLayout(this.pkiDir).operator)) : undefined;
    this.transfers ??= new TransferServiceClient(this.hubAddress, channelCredentials(operator));
    const client = this.transfers;
    return new Promise((resolve, reject) =>
      client.fundSettlementAccount(
        { ispb, amount, idempotencyKey },
        new Metadata(),
        { deadline: Date.now() + 15_000 },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }

  /** Opens an account at a bank with `deposit` cents and, when asked, a Pix key; as a customer would. */
  async customer(
    ispb: string,
    owner: { ownerName: string; ownerTaxId: string },
    deposit: bigint,
    key?: { kind: string; key?: string },
  ): Promise<{ number: string; key?: string }> {
    const { url } = this.bank(ispb);
    const number = await openAccount(url, owner, deposit);
    return { number, key: key && (await registerKey(url, number, key)) };
  }

  /** Every hub and bank serving again (after a fault, or a crash and its restart). */
  async waitHealthy(timeoutMs: number): Promise<void> {
    const services = [...this.hubs, ...this.banks].map((part) => part.service);
    await Promise.all(services.filter((s) => !s.stoppedOnPurpose).map((s) => s.waitReady(timeoutMs)));
  }

  /** Waits until nothing is in flight, then checks I1-I4 across the hub and every bank. */
  async invariants(timeoutMs = 30_000): Promise<string[]> {
    const banks = this.banks.map((b) => ({ ispb: b.ispb, databaseUrl: b.databaseUrl }));
    const until = Date.now() + timeoutMs;
    while (!(await drained(this.hubDatabaseUrl, banks))) {
      if (Date.now() > until) throw new Error(`transfers still in flight after ${timeoutMs} ms`);
      await sleep(100);
    }
    return checkInvariants(this.hubDatabaseUrl, banks);
  }

  /** The processes of the stack by pid, this one included, for a benchmark's CPU split. */
  processGroups(): Map<number, string> {
    const groups = new Map<number, string>([[process.pid, `${this.name} (load generator)`]]);
    for (const hub of this.hubs) if (hub.service.pid) groups.set(hub.service.pid, hub.label);
    for (const bank of this.banks) if (bank.service.pid) groups.set(bank.service.pid, `bank ${bank.ispb}`);
    return groups;
  }

  /** Where each hub and bank serves GET /metrics. */
  get metricsUrls(): { hub: string[]; banks: string[] } {
    return { hub: this.hubs.map((h) => h.metricsUrl), banks: this.banks.map((b) => `${b.url}/metrics`) };
  }

  /** The benchmarks' physical references are taken on the stack's own Postgres and broker, as the hub. */
  referenceTargets(clientId = `${this.name}-reference`) {
    return {
      postgresUrl: this.serverUrl,
      kafka: {
        kafka: this.kafkaClient(clientId),
        topicPrefix: this.topicPrefix,
        partitions: this.partitions,
      },
    };
  }

  /** Banks, then hubs (each finishes its work), then Kafka and Postgres. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.transfers?.close();
      await Promise.all(this.banks.map((b) => b.service.stop()));
      await Promise.all(this.hubs.map((h) => h.service.stop()));
      if (this.infra) {
        await this.dropOwnData().catch((error) =>
          this.logger.warn('cleanup failed', { error: String(error) }),
        );
        await this.infra.stop();
      }
      if (!this.opts.keepHome) this.removeHome();
    })();
    return this.stopping;
  }

  /** Deletes the home (data, logs, identities). */
  removeHome(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }

  /** On a Postgres or broker the stack did not start, its databases and topics; the rest go with the home. */
  private async dropOwnData(): Promise<void> {
    if (this.external.postgres && this.hubDatabaseUrl) {
      const banks = this.participants.map((b) => bankDatabaseUrl(this.hubDatabaseUrl, b.ispb));
      await dropDatabases(this.serverUrl, [...banks, this.hubDatabaseUrl]);
    }
    if (this.external.kafka) await deleteTopics(this.kafkaClient(`${this.name}-cleanup`), this.topicPrefix);
  }

  private runCli(args: string[], label: string): Promise<void> {
    return runCli(args, { label, env: this.env(), logFile: path.join(this.logDir, `${label}.log`) });
  }

  /** How every hub and bank process is started: its environment, logs and supervision. */
  private partOptions() {
    return {
      env: this.env(),
      logDir: this.logDir,
      echo: this.opts.echoLogs,
      cpuProfileDir: this.opts.cpuProfileDir,
      supervise: Boolean(this.opts.supervise),
      onCrash: (crash: Crash) => this.crashes.push(crash),
    };
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      // Every call names its hub (--hub) and identity: nothing from the caller's shell picks them.
      CODEPIX_HUB: undefined,
      CODEPIX_IDENTITY: undefined,
      CODEPIX_HOME: this.home,
      CODEPIX_PKI: this.pkiDir,
      CODEPIX_SECURITY: this.security ? 'on' : 'off',
      DATABASE_URL: this.hubDatabaseUrl,
      KAFKA_BROKERS: this.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      KAFKA_PARTITIONS: String(this.partitions),
      LOG_LEVEL: this.opts.logLevel ?? DEFAULT_LOG_LEVEL,
      ...this.opts.env,
    };
  }
}
