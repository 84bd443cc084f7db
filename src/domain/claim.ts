import type { Account } from './account';
import { assertClaimInvariants } from './claim-invariants';
import {
  CLAIM_TRANSITIONS,
  CLAIMABLE_KEY_KINDS,
  type ClaimEvent,
  type ClaimKind,
  type ClaimParty,
  type ClaimReason,
  type ClaimStatus,
  InvalidClaimTransitionError,
  requireGrant,
} from './claim-rules';
import { PreconditionError } from './errors';
import type { Ispb } from './ispb';
import type { KeyKind } from './pix-key-value';
import type { Actor } from './transfer';

export interface ClaimProps {
  id: string;
  kind: ClaimKind;
  keyKind: KeyKind;
  key: string;
  /** The account the key goes to, at the claimer bank. */
  claimer: Account;
  /** The account the key points to when the claim is made, at the donor bank. */
  donor: Account;
  status: ClaimStatus;
  /** The reason of the last step that gave one. */
  reason?: ClaimReason;
  /** Set when the donor acknowledges: the end of the period it has to answer in. */
  resolutionEndsAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** A row of the claim's history: who moved it, when, from what (null at creation) to what, and why. */
export interface ClaimChange {
  from: ClaimStatus | null;
  to: ClaimStatus;
  reason?: ClaimReason;
  by: Actor;
  at: Date;
}

export type NewClaim = Pick<ClaimProps, 'id' | 'kind' | 'keyKind' | 'key' | 'claimer' | 'donor'> & {
  now: Date;
};

/**
 * A claim on a Pix key, named by its id. Its status moves only through CLAIM_TRANSITIONS, each step by a
 * party CLAIM_GRANTS allows with a reason it allows; its invariants (claim-invariants.ts) are asserted on
 * restore and after every change, and every change is kept as a ClaimChange until its unit of work takes
 * them to store, so no step is left out of the history.
 */
export class Claim {
  private changes: ClaimChange[] = [];

  private constructor(private props: ClaimProps) {}

  /**
   * A new claim, open, made by the claimer bank. Refused (expected failures, not bugs): an evp key, or a
   * kind of key the claim kind cannot take; a portability to another owner or within one bank; an
   * ownership claim by the key's own owner.
   */
  static open(input: NewClaim): Claim {
    const { kind, keyKind, claimer, donor } = input;
    if (keyKind === 'evp') {
      throw new PreconditionError('CLAIM.KEY_NOT_CLAIMABLE', 'an evp key can never be claimed');
    }
    if (!CLAIMABLE_KEY_KINDS[kind].includes(keyKind)) {
      throw new PreconditionError(
        'CLAIM.KEY_NOT_CLAIMABLE',
        `a ${keyKind} key cannot be claimed for ownership: only its owner holds it (claim its portability)`,
      );
    }
    const sameOwner = claimer.props.ownerTaxId.value === donor.props.ownerTaxId.value;
    if (kind === 'portability' && !sameOwner) {
      throw new PreconditionError(
        'CLAIM.OWNER_MISMATCH',
        "a portability claim's account must belong to the key's owner (claim its ownership instead)",
      );
    }
    if (kind === 'portability' && claimer.props.ispb.equals(donor.props.ispb)) {
      throw new PreconditionError('CLAIM.SAME_BANK', 'the key is at this bank already: nothing to port');
    }
    if (kind === 'ownership' && sameOwner) {
      throw new PreconditionError(
        'CLAIM.SAME_OWNER',
        "an ownership claim's account must belong to someone other than the key's owner",
      );
    }
    const claim = new Claim({
      id: input.id,
      kind,
      keyKind,
      key: input.key,
      claimer,
      donor,
      status: 'open',
      createdAt: input.now,
      updatedAt: input.now,
    });
    assertClaimInvariants(claim.props);
    claim.changes.push({ from: null, to: 'open', by: `bank:${claimer.props.ispb.value}`, at: input.now });
    return claim;
  }

  static restore(props: ClaimProps): Claim {
    const claim = new Claim({ ...props });
    assertClaimInvariants(claim.props);
    return claim;
  }

  get snapshot(): Readonly<ClaimProps> {
    return this.props;
  }
  get id(): string {
    return this.props.id;
  }
  get status(): ClaimStatus {
    return this.props.status;
  }
  get kind(): ClaimKind {
    return this.props.kind;
  }
  get key(): string {
    return this.props.key;
  }
  get isTerminal(): boolean {
    return Object.keys(CLAIM_TRANSITIONS[this.props.status]).length === 0;
  }

  /** The two banks, each told of every step after the creation (the donor of that too). */
  get parties(): Ispb[] {
    const claimer = this.props.claimer.props.ispb;
    const donor = this.props.donor.props.ispb;
    return claimer.equals(donor) ? [donor] : [donor, claimer];
  }

  /** The party a bank is in this claim; when it is both (an ownership claim within one bank), `prefer`. */
  partyOf(ispb: string, prefer: 'claimer' | 'donor'): 'claimer' | 'donor' | undefined {
    const isClaimer = this.props.claimer.props.ispb.value === ispb;
    const isDonor = this.props.donor.props.ispb.value === ispb;
    if (isClaimer && isDonor) return prefer;
    return isClaimer ? 'claimer' : isDonor ? 'donor' : undefined;
  }

  /** The resolution period has passed with no answer: the claim still waits on the donor after its end. */
  isUnanswered(now: Date): boolean {
    const ends = this.props.resolutionEndsAt;
    return (
      this.props.status === 'waiting_resolution' && ends !== undefined && now.getTime() >= ends.getTime()
    );
  }

  /** The changes made since it was opened, restored or last asked, oldest first; asking clears them. */
  takeChanges(): ClaimChange[] {
    const taken = this.changes;
    this.changes = [];
    return taken;
  }

  /** The donor bank has the claim (the step is refused to anyone else); its customer now has `resolutionMs` to answer. */
  acknowledge(party: ClaimParty, now: Date, by: Actor, resolutionMs: number): ClaimChange {
    return this.step('acknowledge', party, now, by, undefined, (at) => {
      this.props.resolutionEndsAt = new Date(at.getTime() + resolutionMs);
    });
  }

  /** The donor releases the key, on its customer's decision (or because the account closes). */
  confirm(party: ClaimParty, reason: ClaimReason | undefined, now: Date, by: Actor): ClaimChange {
    return this.step('confirm', party, now, by, reason);
  }

  cancel(party: ClaimParty, reason: ClaimReason | undefined, now: Date, by: Actor): ClaimChange {
    if (party === 'hub' && !this.isUnanswered(now)) {
      throw new PreconditionError(
        'CLAIM.RESOLUTION_PENDING',
        `claim ${this.props.id} is still in its period`,
      );
    }
    return this.step('cancel', party, now, by, reason);
  }

  /**
   * The claimer takes the key. From confirmed; or, for an ownership claim the donor left unanswered past
   * its resolution period, from waiting_resolution, recorded with DEFAULT_OPERATION.
   */
  complete(party: ClaimParty, now: Date, by: Actor): ClaimChange {
    if (this.props.status !== 'waiting_resolution' || party !== 'claimer') {
      return this.step('complete', party, now, by);
    }
    if (this.props.kind !== 'ownership') {
      throw new PreconditionError(
        'CLAIM.NOT_CONFIRMED',
        'a portability claim completes only once the donor bank has confirmed it',
      );
    }
    if (!this.isUnanswered(now)) {
      throw new PreconditionError(
        'CLAIM.RESOLUTION_PENDING',
        `the donor bank may answer until ${this.props.resolutionEndsAt?.toISOString()}`,
      );
    }
    return this.step('complete', party, now, by, undefined, undefined, 'DEFAULT_OPERATION');
  }

  /**
   * Moves the status by the table, after checking the party's grant. A step is never dated before the
   * last one, whatever the clock of the hub instance that takes it says.
   */
  private step(
    event: ClaimEvent,
    party: ClaimParty,
    now: Date,
    by: Actor,
    reason?: ClaimReason,
    change?: (at: Date) => void,
    recorded: ClaimReason | undefined = reason,
  ): ClaimChange {
    const from = this.props.status;
    requireGrant(event, party, this.props.kind, from, reason);
    const to = CLAIM_TRANSITIONS[from][event];
    if (!to) throw new InvalidClaimTransitionError(from, event);
    const at = now.getTime() < this.props.updatedAt.getTime() ? this.props.updatedAt : now;
    this.props.status = to;
    this.props.updatedAt = at;
    if (recorded !== undefined) this.props.reason = recorded;
    change?.(at);
    assertClaimInvariants(this.props);
    const entry: ClaimChange = { from, to, reason: recorded, by, at };
    this.changes.push(entry);
    return entry;
  }
}
