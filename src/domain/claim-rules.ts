import { ForbiddenError, PreconditionError, ValidationError } from './errors';
import type { KeyKind } from './pix-key-value';

/*
 * The rules of key claims, as the central bank's DICT has them, written as tables: which kinds of key
 * each kind of claim may take, the one transition table, and who may take each step with which reason.
 */

/**
 * PORTABILITY: the key's owner moves it from the donor bank to the claimer bank. OWNERSHIP: another
 * person claims a phone or email key someone else registered.
 */
export const CLAIM_KINDS = ['portability', 'ownership'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const CLAIM_STATUSES = ['open', 'waiting_resolution', 'confirmed', 'completed', 'cancelled'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Why a step was taken; DEFAULT_OPERATION is the hub's (or a claimer's) move when the period ran out. */
export const CLAIM_REASONS = ['USER_REQUESTED', 'ACCOUNT_CLOSURE', 'FRAUD', 'DEFAULT_OPERATION'] as const;
export type ClaimReason = (typeof CLAIM_REASONS)[number];

/** A claim's id: a UUID, in lower case as the hub writes it. */
const CLAIM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isClaimId = (value: unknown): value is string =>
  typeof value === 'string' && CLAIM_ID.test(value);

/** The id as the hub writes it, of one given in any case; undefined when it cannot name a claim. */
export const claimIdOf = (value: unknown): string | undefined =>
  typeof value === 'string' && isClaimId(value.toLowerCase()) ? value.toLowerCase() : undefined;

export type ClaimEvent = 'acknowledge' | 'confirm' | 'cancel' | 'complete';

/** Who takes a step: one of the two banks, or the hub itself (its sweep). */
export type ClaimParty = 'claimer' | 'donor' | 'hub';

/** The key kinds each claim kind may take: an evp key is never claimed, a tax-id key only by its owner. */
export const CLAIMABLE_KEY_KINDS: Record<ClaimKind, readonly KeyKind[]> = {
  portability: ['cpf', 'cnpj', 'email', 'phone'],
  ownership: ['email', 'phone'],
};

/**
 * The one transition table. `open → waiting_resolution → confirmed → completed`; an ownership claim may
 * also be completed from waiting_resolution once the resolution period has passed unanswered; every
 * non-terminal state may be cancelled. completed and cancelled are terminal.
 */
export const CLAIM_TRANSITIONS: Record<ClaimStatus, Partial<Record<ClaimEvent, ClaimStatus>>> = {
  open: { acknowledge: 'waiting_resolution', cancel: 'cancelled' },
  waiting_resolution: { confirm: 'confirmed', cancel: 'cancelled', complete: 'completed' },
  confirmed: { complete: 'completed', cancel: 'cancelled' },
  completed: {},
  cancelled: {},
};

/**
 * Who may take each step, and with which reasons (an empty list: the step takes no reason).
 * - acknowledge: the donor, on receiving the claim;
 * - confirm: the donor, on its customer's decision (releases the key);
 * - cancel: the donor before it has released the key (its customer refused a portability; kept an
 *   ownership claimed key by proving possession, or the claim is fraud); the claimer at any time; the
 *   hub when a portability's period passed unanswered;
 * - complete: the claimer.
 */
type Grant = {
  party: ClaimParty;
  kinds?: readonly ClaimKind[];
  from?: readonly ClaimStatus[];
  reasons: readonly ClaimReason[];
};
export const CLAIM_GRANTS: Record<ClaimEvent, readonly Grant[]> = {
  acknowledge: [{ party: 'donor', reasons: [] }],
  confirm: [{ party: 'donor', reasons: ['USER_REQUESTED', 'ACCOUNT_CLOSURE'] }],
  cancel: [
    {
      party: 'donor',
      kinds: ['portability'],
      from: ['open', 'waiting_resolution'],
      reasons: ['USER_REQUESTED'],
    },
    {
      party: 'donor',
      kinds: ['ownership'],
      from: ['open', 'waiting_resolution'],
      reasons: ['USER_REQUESTED', 'FRAUD'],
    },
    { party: 'claimer', reasons: ['USER_REQUESTED', 'FRAUD'] },
    { party: 'hub', kinds: ['portability'], from: ['waiting_resolution'], reasons: ['DEFAULT_OPERATION'] },
  ],
  complete: [{ party: 'claimer', reasons: [] }],
};

export class InvalidClaimTransitionError extends PreconditionError {
  constructor(
    readonly from: ClaimStatus,
    readonly event: ClaimEvent,
  ) {
    super('CLAIM.INVALID_TRANSITION', `cannot ${event} a claim that is ${from}`);
  }
}

/**
 * Checks that `party` may take `event` on a claim of `kind` in status `from`, with `reason`. A party
 * with no grant for the step at all is refused (PERMISSION_DENIED); one that has a grant but not with
 * this reason hears which reasons it may give; one granted the step only from other states hears that
 * the claim's state does not allow it.
 */
export function requireGrant(
  event: ClaimEvent,
  party: ClaimParty,
  kind: ClaimKind,
  from: ClaimStatus,
  reason: ClaimReason | undefined,
): void {
  const grants = CLAIM_GRANTS[event].filter((g) => g.party === party && (!g.kinds || g.kinds.includes(kind)));
  if (grants.length === 0) {
    throw new ForbiddenError('CLAIM.NOT_PERMITTED', `the ${party} may not ${event} a ${kind} claim`);
  }
  const now = grants.filter((g) => !g.from || g.from.includes(from));
  if (now.length === 0) throw new InvalidClaimTransitionError(from, event);
  const reasons = now.flatMap((g) => g.reasons);
  if (reasons.length === 0 && reason !== undefined) {
    throw new ValidationError('reason', `must be empty: the ${party} gives no reason to ${event}`);
  }
  if (reasons.length > 0 && (reason === undefined || !reasons.includes(reason))) {
    throw new ValidationError(
      'reason',
      `the ${party} may ${event} a ${kind} claim only for ${reasons.join(', ')}`,
    );
  }
}

export function parseClaimKind(value: unknown, field = 'kind'): ClaimKind {
  if (typeof value === 'string' && (CLAIM_KINDS as readonly string[]).includes(value))
    return value as ClaimKind;
  throw new ValidationError(field, `must be one of ${CLAIM_KINDS.join(', ')}`);
}

export function parseClaimStatus(value: unknown, field = 'status'): ClaimStatus {
  if (typeof value === 'string' && (CLAIM_STATUSES as readonly string[]).includes(value)) {
    return value as ClaimStatus;
  }
  throw new ValidationError(field, `must be one of ${CLAIM_STATUSES.join(', ')}`);
}

/** Absent stays absent (the step takes none, or the caller left it for its default). */
export function parseClaimReason(value: unknown, field = 'reason'): ClaimReason | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && (CLAIM_REASONS as readonly string[]).includes(value)) {
    return value as ClaimReason;
  }
  throw new ValidationError(field, `must be one of ${CLAIM_REASONS.join(', ')}`);
}
