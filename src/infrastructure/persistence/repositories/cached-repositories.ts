import type { PixKeyView } from '../../../application/pix-key-view';
import type { BankRepository } from '../../../application/ports/bank-repository';
import type { PixKeyRepository } from '../../../application/ports/pix-key-repository';
import { Bank, type BankProps, type PixKey } from '../../../domain';
import { cacheKey, type DirectoryCache } from '../directory-cache';

export type DirectoryEntry = PixKeyView | BankProps;

/** Lookups served from memory: the hot path of FindPixKey. Absent keys are not cached. */
export class CachedPixKeyRepository implements PixKeyRepository {
  constructor(
    private readonly inner: PixKeyRepository,
    private readonly cache: DirectoryCache<DirectoryEntry>,
  ) {}

  addWithinLimit(key: PixKey, limit: number): Promise<void> {
    return this.inner.addWithinLimit(key, limit);
  }

  findActive(key: string): Promise<PixKey | null> {
    return this.inner.findActive(key);
  }

  async markDeleted(key: PixKey): Promise<boolean> {
    const deleted = await this.inner.markDeleted(key);
    this.cache.evict(cacheKey.pixKey(key.key));
    return deleted;
  }

  async findView(key: string): Promise<PixKeyView | null> {
    const name = cacheKey.pixKey(key);
    const cached = this.cache.get(name) as PixKeyView | undefined;
    if (cached) return cached;
    const epoch = this.cache.epoch;
    const view = await this.inner.findView(key);
    if (view) this.cache.set(name, view, epoch);
    return view;
  }

  listViewsByAccount(ispb: string, branch: string, number: string): Promise<PixKeyView[]> {
    return this.inner.listViewsByAccount(ispb, branch, number);
  }
}

/** Banks are read on every directory call; they are cached as snapshots so callers never share an entity. */
export class CachedBankRepository implements BankRepository {
  constructor(
    private readonly inner: BankRepository,
    private readonly cache: DirectoryCache<DirectoryEntry>,
  ) {}

  add(bank: Bank): Promise<void> {
    return this.inner.add(bank);
  }

  async update(bank: Bank): Promise<void> {
    await this.inner.update(bank);
    this.cache.evict(cacheKey.bank(bank.ispb.value));
  }

  async findByIspb(ispb: string): Promise<Bank | null> {
    const name = cacheKey.bank(ispb);
    const cached = this.cache.get(name) as BankProps | undefined;
    if (cached) return Bank.restore(cached);
    const epoch = this.cache.epoch;
    const bank = await this.inner.findByIspb(ispb);
    if (bank) this.cache.set(name, bank.snapshot, epoch);
    return bank;
  }

  list(): Promise<Bank[]> {
    return this.inner.list();
  }
}
