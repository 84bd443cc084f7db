import {
  type Account,
  AlreadyExistsError,
  Claim,
  type ClaimChange,
  type ClaimProps,
  type Ispb,
  type PixKey,
} from '../../domain';
import type { ClaimFilter, ClaimQuery, ClaimRecord, ClaimUnitOfWork } from '../ports/claim-unit-of-work';
import type { InMemoryAccountRepository, InMemoryPixKeyRepository } from './in-memory-repositories';

/** A notice as the outbox would carry it: to whom, and the claim's state when it was sent. */
export interface SentClaim {
  to: string;
  claim: Readonly<ClaimProps>;
}

const OPEN_STATUSES = ['open', 'waiting_resolution', 'confirmed'];

/**
 * The claims table, its history and the outbox, in memory, faithful to the adapter: at most one open
 * claim per key (the partial unique index), rows stored as copies, and nothing of a unit of work kept
 * unless it commits.
 */
export class InMemoryClaimStore implements ClaimQuery {
  readonly rows = new Map<string, ClaimProps>();
  readonly history: (ClaimChange & { claimId: string })[] = [];
  readonly sent: SentClaim[] = [];

  constructor(
    readonly accounts: InMemoryAccountRepository,
    readonly pixKeys: InMemoryPixKeyRepository,
  ) {}

  /** Runs `work` in a unit of work of its own; what it did is kept only if it returns. */
  async run<T>(work: (uow: ClaimUnitOfWork) => Promise<T>): Promise<T> {
    const uow = new InMemoryClaimUnitOfWork(this);
    const result = await work(uow);
    await uow.commit();
    return result;
  }

  async get(id: string): Promise<ClaimRecord | undefined> {
    const row = this.rows.get(id);
    if (!row) return undefined;
    const history = this.history.filter((h) => h.claimId === id).map(({ claimId: _, ...change }) => change);
    return { claim: Claim.restore({ ...row }), history };
  }

  async list(filter: ClaimFilter): Promise<Claim[]> {
    const mine = (row: ClaimProps) =>
      (filter.role !== 'donor' && row.claimer.props.ispb.value === filter.ispb) ||
      (filter.role !== 'claimer' && row.donor.props.ispb.value === filter.ispb);
    return [...this.rows.values()]
      .filter(
        (r) =>
          mine(r) && (!filter.status || r.status === filter.status) && (!filter.key || r.key === filter.key),
      )
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, filter.limit)
      .map((row) => Claim.restore({ ...row }));
  }

  /** The claims' last states sent to one bank, oldest first. */
  sentTo(ispb: string): Readonly<ClaimProps>[] {
    return this.sent.filter((s) => s.to === ispb).map((s) => s.claim);
  }
}

class InMemoryClaimUnitOfWork implements ClaimUnitOfWork {
  private readonly claims = new Map<string, Claim>();
  private readonly added = new Set<string>();
  private readonly moves: [PixKey, PixKey][] = [];
  private readonly outbox: { to: Ispb; claim: Claim }[] = [];

  constructor(private readonly store: InMemoryClaimStore) {}

  async findClaim(id: string): Promise<Claim | undefined> {
    if (!this.claims.has(id)) {
      const row = this.store.rows.get(id);
      if (!row) return undefined;
      this.claims.set(id, Claim.restore({ ...row }));
    }
    return this.claims.get(id);
  }

  async lockActiveKey(key: string): Promise<PixKey | undefined> {
    return (await this.store.pixKeys.findActive(key)) ?? undefined;
  }

  async hasOpenClaim(key: string): Promise<boolean> {
    return [...this.store.rows.values(), ...[...this.claims.values()].map((c) => c.snapshot)].some(
      (r) => r.key === key && OPEN_STATUSES.includes(r.status),
    );
  }

  async findOrAddAccount(account: Account): Promise<Account> {
    return this.store.accounts.findOrAdd(account);
  }

  async activeKeyCount(account: Account): Promise<number> {
    return this.store.pixKeys.all().filter((r) => r.accountId === account.id && r.status === 'active').length;
  }

  async unansweredPortabilities(now: Date, limit: number): Promise<Claim[]> {
    const due = [...this.store.rows.values()]
      .filter(
        (r) =>
          r.kind === 'portability' &&
          r.status === 'waiting_resolution' &&
          r.resolutionEndsAt &&
          r.resolutionEndsAt <= now,
      )
      .sort((a, b) => (a.resolutionEndsAt?.getTime() ?? 0) - (b.resolutionEndsAt?.getTime() ?? 0))
      .slice(0, limit);
    return Promise.all(due.map(async (r) => (await this.findClaim(r.id)) as Claim));
  }

  addClaim(claim: Claim): void {
    this.claims.set(claim.id, claim);
    this.added.add(claim.id);
  }

  moveKey(from: PixKey, to: PixKey): void {
    this.moves.push([from, to]);
  }

  send(to: Ispb, claim: Claim): void {
    this.outbox.push({ to, claim });
  }

  /** As the adapter's flush: the claims and their history, the keys moved, then the outbox. */
  async commit(): Promise<void> {
    for (const claim of this.claims.values()) {
      const open = OPEN_STATUSES.includes(claim.status);
      const rival = [...this.store.rows.values()].find(
        (r) => r.id !== claim.id && r.key === claim.key && OPEN_STATUSES.includes(r.status),
      );
      if (open && rival)
        throw new AlreadyExistsError('CLAIM.ALREADY_OPEN', `key ${claim.key} has an open claim`);
      if (this.added.has(claim.id) && this.store.rows.has(claim.id))
        throw new Error(`primary key: claim ${claim.id}`);
      for (const change of claim.takeChanges()) this.store.history.push({ claimId: claim.id, ...change });
      this.store.rows.set(claim.id, { ...claim.snapshot });
    }
    for (const [from, to] of this.moves) {
      if (!(await this.store.pixKeys.markDeleted(from))) throw new Error(`key ${from.key} was not active`);
      await this.store.pixKeys.addWithinLimit(to, Number.MAX_SAFE_INTEGER);
    }
    for (const { to, claim } of this.outbox)
      this.store.sent.push({ to: to.value, claim: { ...claim.snapshot } });
  }
}
