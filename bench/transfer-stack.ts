import type { ChildProcess } from 'node:child_process';
import { bankDatabaseUrl } from '../bank-simulator/infrastructure/database';
import { freePort } from '../src/infrastructure/local/free-port';
import { BANKS, HubStack, terminate } from './hub-stack';

export { BANKS };

export interface Bank {
  ispb: string;
  name: string;
  host: string;
  port: number;
  databaseUrl: string;
  process: ChildProcess;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The whole system as separate processes, the way it is deployed: the hub stack (Postgres, Kafka,
 * `codepix serve`, the banks registered) and the three banks running (`codepix bank serve`).
 */
export class TransferStack extends HubStack {
  readonly banks: Bank[] = [];

  /** Where the hub and each bank serve GET /metrics. */
  get metricsUrls(): { hub: string[]; banks: string[] } {
    return { hub: [this.hubMetricsUrl], banks: this.banks.map((b) => `http://${b.host}:${b.port}/metrics`) };
  }

  override async start(): Promise<void> {
    await super.start();
    await Promise.all(BANKS.map((b) => this.startBank(b.ispb, b.name)));
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

  override processGroups(): Map<number, string> {
    const groups = super.processGroups();
    for (const bank of this.banks) if (bank.process.pid) groups.set(bank.process.pid, `bank ${bank.ispb}`);
    return groups;
  }

  /** The banks first (each finishes its work), then the hub. */
  protected override async stopProcesses(): Promise<void> {
    await Promise.all(this.banks.map((b) => terminate(b.process)));
    await super.stopProcesses();
  }

  protected override ownDatabases(): string[] {
    const banks = this.databaseUrl ? BANKS.map((b) => bankDatabaseUrl(this.databaseUrl, b.ispb)) : [];
    return [...banks, ...super.ownDatabases()];
  }
}
