import type { Account, Claim, ClaimChange, ClaimKind, ClaimStatus, Ispb, PixKey } from '../../domain';

/**
 * One database transaction over claims and the keys they move: each gRPC step runs in one, the sweep
 * one per round. Reads lock what they return until it ends; a claim's changes (its history rows and new
 * state), the key it moves and the notices it sends are written at commit, the notices through the
 * outbox, so a step, its history, the key and the banks' news are stored together or not at all.
 */
export interface ClaimUnitOfWork {
  /** The claim, locked; undefined when no claim has this id (a malformed id names none). */
  findClaim(id: string): Promise<Claim | undefined>;
  /** The active key with this value, its row locked: claims on one key, and their completion, queue on it. */
  lockActiveKey(key: string): Promise<PixKey | undefined>;
  /** Whether the key has a claim neither completed nor cancelled. Asked after `lockActiveKey`. */
  hasOpenClaim(key: string): Promise<boolean>;
  /** Stores the account unless one with its ISPB, branch and number exists; returns the stored one. */
  findOrAddAccount(account: Account): Promise<Account>;
  /** The account's active keys, its row locked, so concurrent completions cannot pass its key limit. */
  activeKeyCount(account: Account): Promise<number>;
  /**
   * Portability claims waiting past the end of their resolution period that no other unit of work holds
   * (SKIP LOCKED), the oldest end first.
   */
  unansweredPortabilities(now: Date, limit: number): Promise<Claim[]>;

  /** Stores a new claim; its changes (its creation first) are collected like any other's. */
  addClaim(claim: Claim): void;
  /**
   * The key leaves `from` (marked deleted, kept in the directory's history) for `to`, a new active row
   * on the claimer's account; every hub instance's directory cache is told of the key.
   */
  moveKey(from: PixKey, to: PixKey): void;
  /** Tells a bank the claim's state as it is at commit (a ClaimNotice on its topic). */
  send(to: Ispb, claim: Claim): void;
}

/** A claim as read back: its state and its whole history, oldest first. */
export interface ClaimRecord {
  claim: Claim;
  history: ClaimChange[];
}

export interface ClaimFilter {
  /** The calling bank, as claimer, donor or either. */
  ispb: string;
  role?: 'claimer' | 'donor';
  status?: ClaimStatus;
  kind?: ClaimKind;
  key?: string;
  limit: number;
}

/** The read side of claims: outside any unit of work, nothing locked. */
export interface ClaimQuery {
  get(id: string): Promise<ClaimRecord | undefined>;
  /** Newest first. */
  list(filter: ClaimFilter): Promise<Claim[]>;
}
