import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import type { Logger } from '../../../lib/observability/logger';

export const DIRECTORY_CHANNEL = 'codepix_directory';

/** Cache entry names; writers notify with the same names. */
export const cacheKey = {
  pixKey: (key: string) => `key:${key}`,
  bank: (ispb: string) => `bank:${ispb}`,
  certificate: (serial: string) => `certificate:${serial}`,
};

/** Postgres delivers the notice only if, and when, the surrounding transaction commits. */
export async function notifyDirectoryChange(tx: EntityManager, entry: string): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [DIRECTORY_CHANNEL, entry]);
}

/**
 * A bounded in-process cache of directory reads, kept honest across hub instances by Postgres
 * LISTEN/NOTIFY: every write that changes a cached read sends `pg_notify(DIRECTORY_CHANNEL, <entry>)`
 * in its own transaction, and each instance evicts that entry when the notice arrives.
 * While the listener is not connected nothing is cached or served from cache, since notices may be missed.
 * A read may only be cached if no eviction happened while it was in flight (see `epoch`).
 */
export class DirectoryCache<V> {
  private readonly entries = new Map<string, V>();
  private listener?: Client;
  private live = false;
  private evictions = 0;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    private readonly maxEntries = 500_000,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', (n) => n.payload && this.evict(n.payload));
    client.on('error', (error) => this.lost(error));
    client.on('end', () => this.lost(new Error('listener connection ended')));
    await client.connect();
    await client.query(`LISTEN ${DIRECTORY_CHANNEL}`);
    this.listener = client;
    this.live = true;
  }

  get(key: string): V | undefined {
    return this.live ? this.entries.get(key) : undefined;
  }

  /** Take before reading the database; pass to `set` so a read that raced an eviction is not cached. */
  get epoch(): number {
    return this.evictions;
  }

  set(key: string, value: V, epoch: number): void {
    if (!this.live || epoch !== this.evictions) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, value);
  }

  /** Local eviction for writes made by this instance, ahead of its own notice. */
  evict(key: string): void {
    this.evictions++;
    this.entries.delete(key);
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.live = false;
    await this.listener?.end().catch(() => undefined);
  }

  private lost(error: Error): void {
    if (!this.live) return;
    this.live = false;
    this.evictions++;
    this.entries.clear();
    this.listener = undefined;
    if (this.closed) return;
    this.logger.warn('directory cache listener lost; serving from the database until it is back', {
      error: error.message,
    });
    const retry = () =>
      this.start().catch(() => {
        if (!this.closed) setTimeout(retry, 1000).unref();
      });
    setTimeout(retry, 1000).unref();
  }
}
