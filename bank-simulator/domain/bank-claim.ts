import {
  assert,
  CLAIM_STATUSES,
  type ClaimKind,
  type ClaimReason,
  type ClaimStatus,
  type KeyKind,
  NotFoundError,
} from '../../src/domain';

/** The part this bank plays in a claim: it claims a key for its customer, or gives one of its customers' up. */
export type ClaimRole = 'claimer' | 'donor';

export interface BankClaimProps {
  /** The hub's id of the claim (a UUID). */
  id: string;
  kind: ClaimKind;
  keyKind: KeyKind;
  key: string;
  status: ClaimStatus;
  /** The reason of the last step that gave one. */
  reason?: ClaimReason;
  /** This bank's account the key is to go to, when this bank is the claimer. */
  claimerAccount?: string;
  /** This bank's account the key points to, when this bank is the donor. */
  donorAccount?: string;
  /** The other side's bank; this bank's own when it is both (an ownership claim between its customers). */
  counterpartyIspb: string;
  /** Set once the donor acknowledged: when its customer's time to answer ends. */
  resolutionEndsAt?: Date;
  createdAt: Date;
  /** The hub's time of the claim's last step: what orders two states of one claim. */
  updatedAt: Date;
}

export class ClaimNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('CLAIM.NOT_FOUND', `no claim ${id.slice(0, 64)}`);
  }
}

/** How far along a status is; completed and cancelled are both the end. */
const RANK: Record<ClaimStatus, number> = {
  open: 0,
  waiting_resolution: 1,
  confirmed: 2,
  completed: 3,
  cancelled: 3,
};

/**
 * The latest state this bank knows of a claim it is party to, as the hub last told it (a notice on its
 * topic, or the hub's answer to a step it took). The hub owns claims; this record only follows them, so
 * it never moves by itself: a newer state of the hub's replaces it whole. Immutable. Invariants,
 * asserted on every construction: the bank is on at least one side; its status is one the hub has;
 * createdAt <= updatedAt.
 */
export class BankClaim {
  private constructor(readonly props: Readonly<BankClaimProps>) {
    const p = props;
    assert(
      p.claimerAccount !== undefined || p.donorAccount !== undefined,
      `claim ${p.id}: this bank is on neither side`,
    );
    assert(CLAIM_STATUSES.includes(p.status), `claim ${p.id}: unknown status ${p.status}`);
    assert(p.createdAt.getTime() <= p.updatedAt.getTime(), `claim ${p.id} changed before it was made`);
  }

  static of(props: BankClaimProps): BankClaim {
    return new BankClaim({ ...props });
  }

  get id(): string {
    return this.props.id;
  }

  get status(): ClaimStatus {
    return this.props.status;
  }

  /** The role of one of this bank's accounts in the claim, if the account is party to it. */
  roleOf(account: string): ClaimRole | undefined {
    if (this.props.claimerAccount === account) return 'claimer';
    return this.props.donorAccount === account ? 'donor' : undefined;
  }

  /** The donor bank has not yet told the hub it has the claim: this bank must, as donor. */
  get awaitsAcknowledgement(): boolean {
    return this.props.status === 'open' && this.props.donorAccount !== undefined;
  }

  /**
   * Whether this state may replace `stored`: it is not older. The hub never dates a step before the
   * previous one, but two steps may share a time, so at equal times the one further along wins and
   * a state repeated (a notice after the answer it repeats) is taken again, harmlessly.
   */
  supersedes(stored: BankClaim | undefined): boolean {
    if (!stored) return true;
    const mine = this.props.updatedAt.getTime();
    const theirs = stored.props.updatedAt.getTime();
    if (mine !== theirs) return mine > theirs;
    return RANK[this.props.status] >= RANK[stored.props.status];
  }
}
