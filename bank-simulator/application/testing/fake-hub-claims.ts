import type { FixedClock } from '../../../src/application/testing/fixed-clock';
import type { ClaimKind, ClaimReason, ClaimStatus } from '../../../src/domain';
import type { CustomerAccount } from '../../domain';
import type { HubClaim, HubClaimSide } from '../messages';
import type { HubClaims } from '../ports';

/** How long the fake gives a donor to answer once it acknowledged. */
export const FAKE_RESOLUTION_MS = 7 * 24 * 3_600_000;

const STEPS: Record<string, { from: ClaimStatus[]; to: ClaimStatus }> = {
  acknowledge: { from: ['open', 'waiting_resolution'], to: 'waiting_resolution' },
  confirm: { from: ['waiting_resolution'], to: 'confirmed' },
  cancel: { from: ['open', 'waiting_resolution', 'confirmed'], to: 'cancelled' },
  complete: { from: ['confirmed'], to: 'completed' },
};

/** A customer's account at bank `ispb`, as the hub shows one side of a claim. */
export const claimSide = (ispb: string, number: string): HubClaimSide => ({
  ispb,
  branch: '0001',
  number,
  ownerName: 'Carla',
  ownerTaxIdMasked: '***.982.247-**',
});

/**
 * The hub's ClaimService as a map, for use-case specs: it moves claims by the transition table without
 * asking who calls (the hub's own specs cover that), dates each step by the clock, and can be taken
 * down (`down`), so a call fails as it would on a hub that cannot be reached.
 */
export class FakeHubClaims implements HubClaims {
  readonly claims = new Map<string, HubClaim>();
  /** Each call, as `<step> <id>`. */
  readonly calls: string[] = [];
  /** The donor side of each key a claim may be opened on. */
  readonly keys = new Map<string, HubClaimSide>();
  down = false;
  private ids = 0;

  constructor(
    private readonly clock: FixedClock,
    /** The calling bank: the claimer of the claims it opens. */
    private readonly ispb: string,
  ) {}

  /** A claim the hub has, as another bank opened it. */
  add(claim: HubClaim): void {
    this.claims.set(claim.id, claim);
  }

  async createClaim(account: CustomerAccount, kind: ClaimKind, key: string): Promise<HubClaim> {
    this.answer('create', key);
    const donor = this.keys.get(key);
    if (!donor) throw new Error(`no active key ${key}`);
    const a = account.props;
    const now = this.clock.now();
    const claim: HubClaim = {
      id: `00000000-0000-4000-8000-${String(++this.ids).padStart(12, '0')}`,
      kind,
      keyKind: 'email',
      key,
      status: 'open',
      claimer: { ...claimSide(this.ispb, a.number), branch: a.branch, ownerName: a.ownerName },
      donor,
      createdAt: now,
      updatedAt: now,
      history: [],
    };
    this.claims.set(claim.id, claim);
    return claim;
  }

  acknowledgeClaim(id: string): Promise<HubClaim> {
    return this.step('acknowledge', id);
  }

  confirmClaim(id: string, reason: ClaimReason): Promise<HubClaim> {
    return this.step('confirm', id, reason);
  }

  cancelClaim(id: string, reason: ClaimReason): Promise<HubClaim> {
    return this.step('cancel', id, reason);
  }

  completeClaim(id: string): Promise<HubClaim> {
    return this.step('complete', id);
  }

  async getClaim(id: string): Promise<HubClaim> {
    this.answer('get', id);
    return this.found(id);
  }

  private async step(name: string, id: string, reason?: ClaimReason): Promise<HubClaim> {
    this.answer(name, id);
    const claim = this.found(id);
    const { from, to } = STEPS[name];
    if (!from.includes(claim.status)) throw new Error(`cannot ${name} a claim that is ${claim.status}`);
    if (name === 'acknowledge' && claim.status === 'waiting_resolution') return claim;
    const now = this.clock.now();
    const resolutionEndsAt =
      name === 'acknowledge' ? new Date(now.getTime() + FAKE_RESOLUTION_MS) : claim.resolutionEndsAt;
    const moved = { ...claim, status: to, reason: reason ?? claim.reason, resolutionEndsAt, updatedAt: now };
    this.claims.set(id, moved);
    return moved;
  }

  private answer(name: string, id: string): void {
    this.calls.push(`${name} ${id}`);
    if (this.down) throw new Error('hub unavailable');
  }

  private found(id: string): HubClaim {
    const claim = this.claims.get(id);
    if (!claim) throw new Error(`no claim ${id}`);
    return claim;
  }
}
