import type { Clock } from './ports';

export interface ThrottleLimits {
  /** Wrong passwords for one tax id that are let through within `windowMs`. */
  failuresMax: number;
  windowMs: number;
  /** Tax ids remembered at once; past it the longest-idle are forgotten, so guessing cannot fill memory. */
  taxIdsMax: number;
}

/** Five wrong passwords for one tax id in 15 minutes, then nothing more is checked until the oldest is 15 minutes old. */
export const LOGIN_THROTTLE: ThrottleLimits = { failuresMax: 5, windowMs: 15 * 60_000, taxIdsMax: 100_000 };

/**
 * Slows down password guessing, one tax id at a time. In memory, so per bank process: a restart
 * forgets it, and several processes behind one address would each allow the limit (docs/security.md).
 */
export class LoginThrottle {
  /** Tax id → times of its recent failures, oldest first; Map order is least recently failed first. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: ThrottleLimits = LOGIN_THROTTLE,
  ) {}

  /** How long until `taxId` may try again, in ms; undefined when it may try now. */
  waitFor(taxId: string): number | undefined {
    const recent = this.recent(taxId);
    if (recent.length < this.limits.failuresMax) return undefined;
    return recent[recent.length - this.limits.failuresMax] + this.limits.windowMs - this.now();
  }

  failed(taxId: string): void {
    const recent = [...this.recent(taxId), this.now()].slice(-this.limits.failuresMax);
    this.failures.delete(taxId);
    this.failures.set(taxId, recent);
    if (this.failures.size > this.limits.taxIdsMax) {
      const [idlest] = this.failures.keys();
      this.failures.delete(idlest);
    }
  }

  succeeded(taxId: string): void {
    this.failures.delete(taxId);
  }

  private recent(taxId: string): number[] {
    const since = this.now() - this.limits.windowMs;
    return (this.failures.get(taxId) ?? []).filter((at) => at > since);
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
