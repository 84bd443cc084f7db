import { Account } from './account';
import { InvariantViolation } from './assert';
import { Claim } from './claim';
import {
  CLAIM_STATUSES,
  type ClaimEvent,
  type ClaimKind,
  type ClaimParty,
  type ClaimReason,
  type ClaimStatus,
  requireGrant,
} from './claim-rules';
import { ForbiddenError, PreconditionError, ValidationError } from './errors';
import {
  BY_CLAIMER,
  BY_DONOR,
  CREATED_AT,
  claimIn,
  JOAO_AT_CLAIMER,
  MARIA_AT_CLAIMER,
  MARIA_AT_DONOR,
  openClaim,
  RESOLUTION_MS,
} from './testing/claims';
import { thrown } from './testing/refusal';

const soon = new Date(CREATED_AT.getTime() + 60_000);
/** After the resolution period of a claim acknowledged a second after it was made. */
const afterPeriod = new Date(CREATED_AT.getTime() + 1000 + RESOLUTION_MS);

/** The expected table, written out here rather than read from the code: status/event → status. */
const ALLOWED: Record<string, ClaimStatus> = {
  'open/acknowledge': 'waiting_resolution',
  'open/cancel': 'cancelled',
  'waiting_resolution/confirm': 'confirmed',
  'waiting_resolution/cancel': 'cancelled',
  'confirmed/complete': 'completed',
  'confirmed/cancel': 'cancelled',
};

/** Takes `event` as the party the rules name for it, with a reason it may give. */
function take(claim: Claim, event: ClaimEvent, now = soon): void {
  if (event === 'acknowledge') claim.acknowledge('donor', now, BY_DONOR, RESOLUTION_MS);
  else if (event === 'confirm') claim.confirm('donor', 'USER_REQUESTED', now, BY_DONOR);
  else if (event === 'cancel') claim.cancel('claimer', 'USER_REQUESTED', now, BY_CLAIMER);
  else claim.complete('claimer', now, BY_CLAIMER);
}

describe('Claim.open', () => {
  it('opens a portability and an ownership claim, their creation kept as the first change', () => {
    for (const kind of ['portability', 'ownership'] as const) {
      const claim = openClaim(kind);
      expect(claim.status).toBe('open');
      expect(claim.snapshot.resolutionEndsAt).toBeUndefined();
      expect(claim.takeChanges()).toEqual([{ from: null, to: 'open', by: BY_CLAIMER, at: CREATED_AT }]);
      expect(claim.parties.map((p) => p.value)).toEqual(['11111111', '22222222']);
    }
  });

  it.each(['portability', 'ownership'] as const)('never takes an evp key (%s)', (kind) => {
    const error = thrown(() => openClaim(kind, 'evp', '123e4567-e89b-42d3-a456-426614174000'));
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error).toMatchObject({ code: 'CLAIM.KEY_NOT_CLAIMABLE', message: expect.stringContaining('evp') });
  });

  it.each(['cpf', 'cnpj'] as const)('takes a %s key only for portability', (keyKind) => {
    expect(openClaim('portability', keyKind, '52998224725').status).toBe('open');
    expect(thrown(() => openClaim('ownership', keyKind, '52998224725'))).toMatchObject({
      code: 'CLAIM.KEY_NOT_CLAIMABLE',
      message: expect.stringContaining(keyKind),
    });
  });

  it("refuses a portability to someone else's account, and within one bank", () => {
    const base = {
      id: 'c',
      kind: 'portability' as const,
      keyKind: 'email' as const,
      key: 'k@x.com',
      now: CREATED_AT,
    };
    expect(
      thrown(() => Claim.open({ ...base, claimer: JOAO_AT_CLAIMER, donor: MARIA_AT_DONOR })),
    ).toMatchObject({
      code: 'CLAIM.OWNER_MISMATCH',
    });
    const sameBank = Account.restore({ ...MARIA_AT_DONOR.props, id: 'other', number: '999' });
    expect(thrown(() => Claim.open({ ...base, claimer: sameBank, donor: MARIA_AT_DONOR }))).toMatchObject({
      code: 'CLAIM.SAME_BANK',
    });
  });

  it("refuses an ownership claim by the key's own owner", () => {
    expect(
      thrown(() =>
        Claim.open({
          id: 'c',
          kind: 'ownership',
          keyKind: 'phone',
          key: '+5511999990000',
          claimer: MARIA_AT_CLAIMER,
          donor: MARIA_AT_DONOR,
          now: CREATED_AT,
        }),
      ),
    ).toMatchObject({ code: 'CLAIM.SAME_OWNER' });
  });
});

describe('the transition table', () => {
  const events: ClaimEvent[] = ['acknowledge', 'confirm', 'cancel', 'complete'];
  for (const status of CLAIM_STATUSES) {
    for (const event of events) {
      const to = ALLOWED[`${status}/${event}`];
      it(`${status} --${event}--> ${to ?? 'refused'}`, () => {
        const claim = claimIn('portability', status);
        if (to) {
          take(claim, event);
          expect(claim.status).toBe(to);
          expect(claim.takeChanges()).toEqual([expect.objectContaining({ from: status, to, at: soon })]);
        } else {
          const error = thrown(() => take(claim, event));
          expect(error).toBeInstanceOf(PreconditionError);
          expect(claim.status).toBe(status);
          expect(claim.takeChanges()).toEqual([]);
        }
      });
    }
  }

  it('starts the resolution period when the donor acknowledges', () => {
    const claim = openClaim('ownership');
    claim.acknowledge('donor', soon, BY_DONOR, RESOLUTION_MS);
    expect(claim.snapshot.resolutionEndsAt).toEqual(new Date(soon.getTime() + RESOLUTION_MS));
    expect(claim.isUnanswered(new Date(soon.getTime() + RESOLUTION_MS - 1))).toBe(false);
    expect(claim.isUnanswered(new Date(soon.getTime() + RESOLUTION_MS))).toBe(true);
  });

  it('never dates a step before the last one, whatever the clock says', () => {
    const claim = claimIn('portability', 'waiting_resolution');
    const change = claim.confirm('donor', 'USER_REQUESTED', CREATED_AT, BY_DONOR);
    expect(change.at.getTime()).toBe(CREATED_AT.getTime() + 1000);
  });
});

describe('who may take each step, and why', () => {
  type Case = [ClaimEvent, ClaimParty, ClaimKind, ClaimStatus];
  const refusedParties: Case[] = [
    ['acknowledge', 'claimer', 'portability', 'open'],
    ['acknowledge', 'hub', 'ownership', 'open'],
    ['confirm', 'claimer', 'portability', 'waiting_resolution'],
    ['confirm', 'hub', 'ownership', 'waiting_resolution'],
    ['complete', 'donor', 'portability', 'confirmed'],
    ['complete', 'hub', 'ownership', 'confirmed'],
    ['cancel', 'hub', 'ownership', 'waiting_resolution'],
  ];
  it.each(refusedParties)('%s by the %s of a %s claim is PERMISSION_DENIED', (event, party, kind, status) => {
    const reason =
      event === 'cancel' ? 'DEFAULT_OPERATION' : event === 'confirm' ? 'USER_REQUESTED' : undefined;
    const error = thrown(() => requireGrant(event, party, kind, status, reason));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'CLAIM.NOT_PERMITTED' });
  });

  it('refuses a party without a grant through the entity too, and changes nothing', () => {
    const claim = claimIn('ownership', 'waiting_resolution');
    expect(thrown(() => claim.cancel('hub', 'DEFAULT_OPERATION', afterPeriod, 'hub'))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(claim.status).toBe('waiting_resolution');
    expect(claim.takeChanges()).toEqual([]);
  });

  it('refuses each step to the wrong party through the entity, changing nothing', () => {
    const open = claimIn('ownership', 'open');
    expect(thrown(() => open.acknowledge('claimer', soon, BY_CLAIMER, RESOLUTION_MS))).toBeInstanceOf(
      ForbiddenError,
    );
    const waiting = claimIn('ownership', 'waiting_resolution');
    expect(thrown(() => waiting.confirm('claimer', 'USER_REQUESTED', soon, BY_CLAIMER))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(thrown(() => waiting.complete('donor', afterPeriod, BY_DONOR))).toBeInstanceOf(ForbiddenError);
    const confirmed = claimIn('portability', 'confirmed');
    expect(thrown(() => confirmed.complete('donor', soon, BY_DONOR))).toBeInstanceOf(ForbiddenError);
    for (const claim of [open, waiting, confirmed]) expect(claim.takeChanges()).toEqual([]);
    expect([open.status, waiting.status, confirmed.status]).toEqual([
      'open',
      'waiting_resolution',
      'confirmed',
    ]);
  });

  type ReasonCase = [ClaimParty, ClaimKind, ClaimStatus, ClaimReason | undefined, boolean];
  const cancels: ReasonCase[] = [
    ['donor', 'portability', 'waiting_resolution', 'USER_REQUESTED', true],
    ['donor', 'portability', 'waiting_resolution', 'FRAUD', false],
    ['donor', 'ownership', 'waiting_resolution', 'USER_REQUESTED', true],
    ['donor', 'ownership', 'open', 'FRAUD', true],
    ['donor', 'ownership', 'waiting_resolution', 'ACCOUNT_CLOSURE', false],
    ['donor', 'portability', 'waiting_resolution', undefined, false],
    ['claimer', 'portability', 'confirmed', 'USER_REQUESTED', true],
    ['claimer', 'ownership', 'open', 'FRAUD', true],
    ['claimer', 'ownership', 'open', 'DEFAULT_OPERATION', false],
  ];
  it.each(cancels)(
    'cancel by the %s of a %s claim (%s) for %s: allowed %s',
    (party, kind, status, reason, ok) => {
      const claim = claimIn(kind, status);
      const act = () => claim.cancel(party, reason, soon, party === 'donor' ? BY_DONOR : BY_CLAIMER);
      if (ok) {
        act();
        expect(claim.snapshot).toMatchObject({ status: 'cancelled', reason });
      } else {
        expect(thrown(act)).toMatchObject({ field: 'reason', kind: 'invalid' });
        expect(claim.status).toBe(status);
      }
    },
  );

  it('lets the donor not take back a key it has released', () => {
    const claim = claimIn('portability', 'confirmed');
    expect(thrown(() => claim.cancel('donor', 'USER_REQUESTED', soon, BY_DONOR))).toMatchObject({
      code: 'CLAIM.INVALID_TRANSITION',
    });
  });

  it('confirms only for USER_REQUESTED or ACCOUNT_CLOSURE, and needs one', () => {
    const closure = claimIn('portability', 'waiting_resolution');
    closure.confirm('donor', 'ACCOUNT_CLOSURE', soon, BY_DONOR);
    expect(closure.snapshot).toMatchObject({ status: 'confirmed', reason: 'ACCOUNT_CLOSURE' });
    for (const reason of [undefined, 'FRAUD', 'DEFAULT_OPERATION'] as const) {
      const claim = claimIn('ownership', 'waiting_resolution');
      const error = thrown(() => claim.confirm('donor', reason, soon, BY_DONOR));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'reason' });
    }
  });
});

describe('the resolution period', () => {
  it('lets the claimer complete an unanswered ownership claim once it passed, as DEFAULT_OPERATION', () => {
    const claim = claimIn('ownership', 'waiting_resolution');
    expect(thrown(() => claim.complete('claimer', soon, BY_CLAIMER))).toMatchObject({
      code: 'CLAIM.RESOLUTION_PENDING',
    });
    const change = claim.complete('claimer', afterPeriod, BY_CLAIMER);
    expect(change).toEqual({
      from: 'waiting_resolution',
      to: 'completed',
      reason: 'DEFAULT_OPERATION',
      by: BY_CLAIMER,
      at: afterPeriod,
    });
  });

  it('never completes an unconfirmed portability, even once the period passed', () => {
    const claim = claimIn('portability', 'waiting_resolution');
    expect(thrown(() => claim.complete('claimer', afterPeriod, BY_CLAIMER))).toMatchObject({
      code: 'CLAIM.NOT_CONFIRMED',
    });
  });

  it('has the hub cancel an unanswered portability with DEFAULT_OPERATION, never before its end', () => {
    const claim = claimIn('portability', 'waiting_resolution');
    expect(thrown(() => claim.cancel('hub', 'DEFAULT_OPERATION', soon, 'hub'))).toMatchObject({
      code: 'CLAIM.RESOLUTION_PENDING',
    });
    claim.cancel('hub', 'DEFAULT_OPERATION', afterPeriod, 'hub');
    expect(claim.snapshot).toMatchObject({ status: 'cancelled', reason: 'DEFAULT_OPERATION' });
    expect(claim.takeChanges()).toEqual([
      expect.objectContaining({ by: 'hub', reason: 'DEFAULT_OPERATION' }),
    ]);
  });

  it('is not the hub to cancel a confirmed portability', () => {
    const claim = claimIn('portability', 'confirmed');
    expect(thrown(() => claim.cancel('hub', 'DEFAULT_OPERATION', afterPeriod, 'hub'))).toBeInstanceOf(
      PreconditionError,
    );
  });
});

describe('Claim.restore', () => {
  it('asserts the invariants of what it is given', () => {
    const open = openClaim('portability').snapshot;
    expect(thrown(() => Claim.restore({ ...open, status: 'waiting_resolution' }))).toBeInstanceOf(
      InvariantViolation,
    );
    expect(thrown(() => Claim.restore({ ...open, keyKind: 'evp' }))).toBeInstanceOf(InvariantViolation);
    expect(thrown(() => Claim.restore({ ...open, claimer: JOAO_AT_CLAIMER }))).toBeInstanceOf(
      InvariantViolation,
    );
    expect(thrown(() => Claim.restore({ ...open, updatedAt: new Date(0) }))).toBeInstanceOf(
      InvariantViolation,
    );
    expect(thrown(() => Claim.restore({ ...open, reason: 'DEFAULT_OPERATION' }))).toBeInstanceOf(
      InvariantViolation,
    );
    expect(Claim.restore({ ...open }).status).toBe('open');
  });
});
