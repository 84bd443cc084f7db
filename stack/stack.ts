import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bankDatabaseUrl } from '../bank-simulator/infrastructure/database';
import { DEMO_BANKS, type DemoBank } from '../cmd/demo-data';
import { createKafka } from '../lib/messaging/kafka-client-factory';
import { createLogger, type Logger } from '../lib/observability/logger';
import { ensureOperatorToken, OPERATOR_TOKEN_ENV } from '../lib/security/operator-token';
import type { Transfer } from '../src/gen/codepix/v1/transfer';
import { loadConfig } from '../src/infrastructure/config/config';
import type { LocalServer } from '../src/infrastructure/local/local-stack';
import { sleep } from '../src/infrastructure/local/processes';
import { openAccount, registerKey } from './bank-http';
import { fileLogger, runCli } from './cli-process';
import { HubOperator } from './hub-operator';
import { checkInvariants, drained } from './invariants';
import type { Crash } from './service';
import { type StackServers, startStackServers, stopStackServers } from './stack-data';
import { StackIdentities } from './stack-identities';
import type { StackOptions } from './stack-options';
import {
  bankService,
  hubService,
  type PartOptions,
  partOptions,
  type StackBank,
  type StackHub,
} from './stack-parts';

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
  readonly identities: StackIdentities;
  /** The banks' operator token, in the home as `codepix` keeps it; every process started gets it. */
  readonly operatorToken: string;
  readonly topicPrefix: string;
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
  private servers?: StackServers;
  private readonly logger: Logger;
  private hubsMade = 0;
  private readonly hubOperator = new HubOperator(
    () => this.hubAddress,
    () => this.identities.operator(),
  );
  private stopping?: Promise<void>;

  constructor(private readonly opts: StackOptions) {
    const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    this.name = opts.name;
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), `codepix-${opts.name}-`));
    fs.chmodSync(this.home, 0o755); // the postgres user must reach its data dir when we run as root
    this.logDir = path.join(this.home, 'logs');
    fs.mkdirSync(this.logDir); // there from the start: a caller may log beside its processes at once
    const security = opts.security ?? loadConfig().security.enabled;
    this.identities = new StackIdentities(security, opts.pkiDir ?? path.join(this.home, 'pki'), this.home);
    // A token given to the processes (opts.env) is the one the stack calls with too.
    this.operatorToken = opts.env?.[OPERATOR_TOKEN_ENV] ?? ensureOperatorToken(this.home);
    this.topicPrefix = opts.topicPrefix ?? `${opts.name}${suffix}`;
    this.partitions = opts.partitions ?? 4;
    this.participants = opts.banks ?? DEMO_BANKS;
    this.logger = opts.logger ?? createLogger('warn', `${opts.name}-stack`);
  }

  get security(): boolean {
    return this.identities.security;
  }

  /** Which of Postgres and Kafka were given rather than started here. */
  get external(): { postgres: boolean; kafka: boolean } {
    return { postgres: Boolean(this.opts.databaseUrl), kafka: Boolean(this.opts.kafkaBrokers) };
  }

  /** The Postgres and Kafka the stack started, to kill and restart; absent when given. */
  get postgres(): LocalServer | undefined {
    return this.servers?.infra.postgres;
  }

  get kafka(): LocalServer | undefined {
    return this.servers?.infra.kafka;
  }

  /** The address banks and callers reach the hub at: the first instance. */
  get hubAddress(): string {
    if (!this.hubs[0]) throw new Error('no hub is running');
    return this.hubs[0].address;
  }

  async start(): Promise<void> {
    this.servers = await startStackServers({
      home: this.home,
      identities: this.identities,
      givenPki: Boolean(this.opts.pkiDir),
      databaseUrl: this.opts.databaseUrl,
      kafkaBrokers: this.opts.kafkaBrokers,
      name: this.topicPrefix.replace(/\W/g, '_'),
      logger: fileLogger(path.join(this.logDir, 'infra.log'), this.logger),
    });
    ({ databaseUrl: this.serverUrl, kafkaBrokers: this.kafkaBrokers } = this.servers.infra);
    this.hubDatabaseUrl = this.servers.hubDatabaseUrl;
    // Hubs (and workers) started together would all migrate at once; one migration first leaves them none.
    await this.runCli(['migrate'], 'migrate');
    await Promise.all(Array.from({ length: this.opts.hubs ?? 1 }, () => this.addHub()));
    // As an operator would: each bank registered, and its identity issued, before it first starts.
    await Promise.all(
      this.participants.map(({ ispb, name }) =>
        this.runCli(
          ['--hub', this.hubAddress, 'bank', 'register', ispb, name, '--out', this.identities.bankDir(ispb)],
          `register-${ispb}`,
        ),
      ),
    );
    if (this.opts.runBanks === false) return;
    for (const bank of this.participants) this.banks.push(await bankService(this, bank, this.partOptions()));
    await Promise.all(this.banks.map((bank) => bank.service.start()));
  }

  /**
   * One more hub instance on the stack's database, with ports of its own and `env` over the stack's
   * (a drill's clock offset, say); resolves once it serves.
   */
  async addHub(env: NodeJS.ProcessEnv = {}): Promise<StackHub> {
    const parts = this.partOptions();
    const opts = { ...parts, env: { ...parts.env, ...env } };
    const hub = await hubService(`hub-${++this.hubsMade}`, this.opts.hubWorkers ?? 1, opts);
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

  /** A client of the stack's broker as the hub, which may read, write and delete every topic. */
  kafkaClient(clientId: string) {
    return createKafka({ brokers: this.kafkaBrokers, clientId, identity: this.identities.hub() });
  }

  /** Central-bank money for a bank's settlement account; an idempotency key makes a retry harmless. */
  fund(ispb: string, amount: bigint, idempotencyKey = ''): Promise<void> {
    return this.hubOperator.fund(ispb, amount, idempotencyKey);
  }

  /** A transfer as the hub shows it to the operator, with what was refunded of it. */
  hubTransfer(endToEndId: string): Promise<Transfer> {
    return this.hubOperator.transfer(endToEndId);
  }

  /** Opens an account at a bank with `deposit` cents and, when asked, a Pix key; as a customer would. */
  async customer(
    ispb: string,
    owner: { ownerName: string; ownerTaxId: string; password?: string },
    deposit: bigint,
    key?: { kind: string; key?: string },
  ): Promise<{ number: string; key?: string }> {
    const bank = this.bank(ispb);
    const number = await openAccount(bank, owner, deposit);
    return { number, key: key && (await registerKey(bank, number, key)) };
  }

  /** Every hub and bank serving again (after a fault, or a crash and its restart). */
  async waitHealthy(timeoutMs: number): Promise<void> {
    const services = [...this.hubs, ...this.banks].map((part) => part.service);
    await Promise.all(services.filter((s) => !s.stoppedOnPurpose).map((s) => s.waitReady(timeoutMs)));
  }

  /** Waits until nothing is in flight, then checks I1-I4 and I6 across the hub and every bank. */
  async invariants(timeoutMs = 30_000): Promise<string[]> {
    const banks = this.banks.map((b) => ({ ispb: b.ispb, databaseUrl: b.databaseUrl }));
    const until = Date.now() + timeoutMs;
    while (!(await drained(this.hubDatabaseUrl, banks))) {
      if (Date.now() > until) throw new Error(`transfers still in flight after ${timeoutMs} ms`);
      await sleep(100);
    }
    return checkInvariants(this.hubDatabaseUrl, banks);
  }

  /** Banks, then hubs (each finishes its work), then Kafka and Postgres. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.hubOperator.close();
      await Promise.all(this.banks.map((b) => b.service.stop()));
      await Promise.all(this.hubs.map((h) => h.service.stop()));
      if (this.servers) {
        const banks = this.participants.map((b) => bankDatabaseUrl(this.hubDatabaseUrl, b.ispb));
        const own = { databases: [...banks, this.hubDatabaseUrl], topicPrefix: this.topicPrefix };
        const kafka = () => this.kafkaClient(`${this.name}-cleanup`);
        await stopStackServers(this.servers, this.external, { ...own, kafka }, this.logger);
      }
      if (!this.opts.keepHome) this.removeHome();
    })();
    return this.stopping;
  }

  /** Deletes the home (data, logs, identities). */
  removeHome(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }

  private runCli(args: string[], label: string): Promise<void> {
    const { env, logDir } = this.partOptions();
    return runCli(args, { label, env, logFile: path.join(logDir, `${label}.log`) });
  }

  private partOptions(): PartOptions {
    return partOptions(this, this.opts, (crash) => {
      this.crashes.push(crash);
    });
  }
}
