import type { ChildProcess } from 'node:child_process';
import { bankDatabaseUrl } from '../../bank-simulator/infrastructure/database';
import { DEMO_BANKS } from '../../cmd/demo-data';
import { freePort } from '../../src/infrastructure/local/free-port';
import { buildCliOnce, start } from './cli';
import { dropTestDatabases } from './database';
import { call } from './grpc-call';
import { checkInvariants, drained } from './invariants';
import { eventually, testTopicPrefix } from './kafka-probe';
import { enrolTestBank, startTestHub, type TestHub } from './test-hub';

/** The three banks every stack runs: the demo's. */
export const BANKS = DEMO_BANKS;

export interface RunningBank {
  ispb: string;
  name: string;
  url: string;
  databaseUrl: string;
  process: ChildProcess;
  log: string[];
}

/** A bank's HTTP API: JSON in and out, the status kept so tests can assert it. */
// biome-ignore lint/suspicious/noExplicitAny: answers are JSON; the assertions that read them check them
export async function api<T = any>(
  bank: { url: string },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${bank.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * The whole system for end-to-end tests: a real hub (in this process, with its Kafka relay) and three
 * real bank processes started with the built CLI, on the run's Postgres and Kafka, on topics of its own.
 */
export class TransferStack {
  hub!: TestHub;
  readonly banks = new Map<string, RunningBank>();
  readonly topicPrefix = testTopicPrefix('e2e');

  constructor(private readonly options: { deadlineMs?: number } = {}) {}

  async start(): Promise<void> {
    await buildCliOnce();
    this.hub = await startTestHub('e2e', undefined, {
      relay: true,
      topicPrefix: this.topicPrefix,
      transfers: { deadlineMs: this.options.deadlineMs ?? 10_000, sweepIntervalMs: 200 },
    });
    await Promise.all(BANKS.map((b) => this.startBank(b.ispb, b.name)));
  }

  bank(ispb: string): RunningBank {
    const bank = this.banks.get(ispb);
    if (!bank) throw new Error(`bank ${ispb} is not running`);
    return bank;
  }

  async startBank(ispb: string, name: string): Promise<RunningBank> {
    await enrolTestBank(this.hub, ispb, name, this.topicPrefix);
    const port = await freePort();
    const child = start(
      [
        '--hub',
        this.hub.address,
        'bank',
        'serve',
        '--ispb',
        ispb,
        '--name',
        name,
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
      ],
      {
        DATABASE_URL: this.hub.databaseUrl,
        KAFKA_TOPIC_PREFIX: this.topicPrefix,
        LOG_LEVEL: 'warn',
      },
    );
    const log: string[] = [];
    child.stderr?.on('data', (chunk) => log.push(String(chunk)));
    const bank: RunningBank = {
      ispb,
      name,
      url: `http://127.0.0.1:${port}`,
      databaseUrl: bankDatabaseUrl(this.hub.databaseUrl, ispb),
      process: child,
      log,
    };
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`bank ${ispb} exited: ${log.join('')}`);
      return (await api(bank, 'GET', '/health').catch(() => undefined))?.status === 200 || undefined;
    }, 60_000);
    this.banks.set(ispb, bank);
    return bank;
  }

  /** Stops a bank: SIGTERM lets it finish its work, SIGKILL does not. Resolves with its exit code. */
  async stopBank(ispb: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const bank = this.bank(ispb);
    const exited = new Promise<number | null>((resolve) => bank.process.once('exit', resolve));
    bank.process.kill(signal);
    const code = await exited;
    this.banks.delete(ispb);
    return code;
  }

  async fund(ispb: string, amount: bigint): Promise<void> {
    await call(this.hub.transfers, this.hub.transfers.fundSettlementAccount, {
      ispb,
      amount,
      idempotencyKey: '',
    });
  }

  /** Opens an account with money and, when asked, a Pix key. */
  async customer(
    ispb: string,
    owner: { name: string; taxId: string },
    deposit: bigint,
    key?: { kind: string; key?: string },
  ) {
    const bank = this.bank(ispb);
    const opened = await api(bank, 'POST', '/accounts', { ownerName: owner.name, ownerTaxId: owner.taxId });
    if (opened.status !== 201) throw new Error(`open account: ${JSON.stringify(opened.body)}`);
    const number: string = opened.body.number;
    if (deposit > 0n) await api(bank, 'POST', `/accounts/${number}/deposits`, { amount: deposit.toString() });
    let pixKey: string | undefined;
    if (key) {
      const registered = await api(bank, 'POST', `/accounts/${number}/pix-keys`, key);
      if (registered.status !== 201) throw new Error(`register key: ${JSON.stringify(registered.body)}`);
      pixKey = registered.body.key;
    }
    return { number, key: pixKey };
  }

  /** Waits until nothing is in flight, then checks I1-I4 across the hub and every bank. */
  async invariants(timeoutMs = 30_000): Promise<string[]> {
    const dbs = BANKS.map((b) => ({
      ispb: b.ispb,
      databaseUrl: bankDatabaseUrl(this.hub.databaseUrl, b.ispb),
    }));
    await eventually(async () => (await drained(this.hub.databaseUrl, dbs)) || undefined, timeoutMs);
    return checkInvariants(this.hub.databaseUrl, dbs);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.banks.keys()].map((ispb) => this.stopBank(ispb)));
    await this.hub?.stop();
    if (this.hub) {
      await dropTestDatabases([
        ...BANKS.map((b) => bankDatabaseUrl(this.hub.databaseUrl, b.ispb)),
        this.hub.databaseUrl,
      ]);
    }
  }
}
