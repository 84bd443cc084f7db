import { status } from '@grpc/grpc-js';
import { Client } from 'pg';
import { type Claim, ClaimKind, ClaimReason, ClaimRole, ClaimStatus } from '../../src/gen/codepix/v1/claim';
import { KeyKind } from '../../src/gen/codepix/v1/common';
import { BankMessage } from '../../src/gen/codepix/v1/transfer';
import { call, callError, trailer } from '../support/grpc-call';
import { BANK, keysFixture, OTHER_BANK, OTHER_CPF, PERSON_CPF } from '../support/keys-fixture';

/**
 * The hub's ClaimService over gRPC, each bank calling with its own certificate: the steps of both kinds
 * of claim, who may take them, the resolution period (short here), the keys they move and the notices
 * the banks are sent through the outbox.
 */
const RESOLUTION_MS = 1_500;
const f = keysFixture('claims', {
  claims: { resolutionMs: RESOLUTION_MS },
  transfers: { sweepIntervalMs: 200 },
});
const c = () => f.t.claims;

/** An email key of PERSON_CPF at BANK (the donor), and the claim OTHER_BANK opens on it. */
async function claimed(kind: ClaimKind, key: string, claimerTaxId: string): Promise<Claim> {
  await f.register({ key, account: f.personAccount() });
  return call(c(), c().createClaim, {
    ispb: OTHER_BANK,
    kind,
    key,
    account: f.personAccount(claimerTaxId),
  });
}

const step = {
  acknowledge: (id: string, ispb = BANK) => call(c(), c().acknowledgeClaim, { ispb, claimId: id }),
  confirm: (id: string, reason = ClaimReason.CLAIM_REASON_USER_REQUESTED) =>
    call(c(), c().confirmClaim, { ispb: BANK, claimId: id, reason }),
  complete: (id: string) => call(c(), c().completeClaim, { ispb: OTHER_BANK, claimId: id }),
};

/** The claim notices in the outbox for `ispb`'s topic, as the bank will read them, oldest first. */
async function noticesTo(ispb: string, claimId: string): Promise<ClaimStatus[]> {
  const db = new Client({ connectionString: f.t.databaseUrl });
  await db.connect();
  try {
    const rows: { payload: Buffer }[] = (
      await db.query('SELECT payload FROM outbox WHERE topic LIKE $1 AND key = $2 ORDER BY id', [
        `%.bank.${ispb}`,
        claimId,
      ])
    ).rows;
    return rows.map((r) => BankMessage.decode(r.payload).claim?.claim?.status ?? ClaimStatus.UNRECOGNIZED);
  } finally {
    await db.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('claims over gRPC', () => {
  it('completes a portability: the key moves to the claimer bank, both banks told of each step', async () => {
    const claim = await claimed(ClaimKind.CLAIM_KIND_PORTABILITY, 'porta@example.com', PERSON_CPF);
    expect(claim.status).toBe(ClaimStatus.CLAIM_STATUS_OPEN);
    expect(claim.donor?.ispb).toBe(BANK);
    expect(claim.claimer?.ownerTaxIdMasked).not.toContain(PERSON_CPF);
    const waiting = await step.acknowledge(claim.id);
    expect(waiting.status).toBe(ClaimStatus.CLAIM_STATUS_WAITING_RESOLUTION);
    expect(waiting.resolutionEndsAt).toBeDefined();
    expect((await step.acknowledge(claim.id)).status).toBe(ClaimStatus.CLAIM_STATUS_WAITING_RESOLUTION);
    expect((await step.confirm(claim.id)).status).toBe(ClaimStatus.CLAIM_STATUS_CONFIRMED);
    expect((await step.complete(claim.id)).status).toBe(ClaimStatus.CLAIM_STATUS_COMPLETED);

    expect((await f.find('porta@example.com')).ispb).toBe(OTHER_BANK);
    const got = await call(c(), c().getClaim, { ispb: BANK, claimId: claim.id });
    expect(got.history.map((h) => [h.from, h.to, h.by])).toEqual([
      [ClaimStatus.CLAIM_STATUS_UNSPECIFIED, ClaimStatus.CLAIM_STATUS_OPEN, `bank:${OTHER_BANK}`],
      [ClaimStatus.CLAIM_STATUS_OPEN, ClaimStatus.CLAIM_STATUS_WAITING_RESOLUTION, `bank:${BANK}`],
      [ClaimStatus.CLAIM_STATUS_WAITING_RESOLUTION, ClaimStatus.CLAIM_STATUS_CONFIRMED, `bank:${BANK}`],
      [ClaimStatus.CLAIM_STATUS_CONFIRMED, ClaimStatus.CLAIM_STATUS_COMPLETED, `bank:${OTHER_BANK}`],
    ]);
    const steps = [
      ClaimStatus.CLAIM_STATUS_WAITING_RESOLUTION,
      ClaimStatus.CLAIM_STATUS_CONFIRMED,
      ClaimStatus.CLAIM_STATUS_COMPLETED,
    ];
    expect(await noticesTo(BANK, claim.id)).toEqual([ClaimStatus.CLAIM_STATUS_OPEN, ...steps]);
    expect(await noticesTo(OTHER_BANK, claim.id)).toEqual(steps);
  });

  it('refuses a claim on an evp key, a second open claim on a key, and a step by the wrong party', async () => {
    const evp = await f.register({ kind: KeyKind.KEY_KIND_EVP, account: f.personAccount() });
    const refused = await callError(c(), c().createClaim, {
      ispb: OTHER_BANK,
      kind: ClaimKind.CLAIM_KIND_PORTABILITY,
      key: evp.key,
      account: f.personAccount(),
    });
    expect([refused.code, trailer(refused.metadata, 'codepix-error-code')]).toEqual([
      status.FAILED_PRECONDITION,
      'CLAIM.KEY_NOT_CLAIMABLE',
    ]);

    const claim = await claimed(ClaimKind.CLAIM_KIND_OWNERSHIP, 'dup@example.com', OTHER_CPF);
    const again = await callError(c(), c().createClaim, {
      ispb: OTHER_BANK,
      kind: ClaimKind.CLAIM_KIND_OWNERSHIP,
      key: 'dup@example.com',
      account: f.personAccount(OTHER_CPF),
    });
    expect(trailer(again.metadata, 'codepix-error-code')).toBe('CLAIM.ALREADY_OPEN');
    expect(again.code).toBe(status.ALREADY_EXISTS);
    const byClaimer = await callError(c(), c().acknowledgeClaim, { ispb: OTHER_BANK, claimId: claim.id });
    expect(byClaimer.code).toBe(status.PERMISSION_DENIED);
    const noReason = await callError(c(), c().confirmClaim, { ispb: BANK, claimId: claim.id, reason: 0 });
    expect([noReason.code, trailer(noReason.metadata, 'codepix-field')]).toEqual([
      status.INVALID_ARGUMENT,
      'reason',
    ]);
    const bad = await callError(c(), c().getClaim, { ispb: BANK, claimId: 'not-a-claim' });
    expect(bad.code).toBe(status.NOT_FOUND);
  });

  it('lets the donor refuse an ownership claim: the key stays', async () => {
    const claim = await claimed(ClaimKind.CLAIM_KIND_OWNERSHIP, 'mine-too@example.com', OTHER_CPF);
    await step.acknowledge(claim.id);
    const cancelled = await call(c(), c().cancelClaim, {
      ispb: BANK,
      claimId: claim.id,
      reason: ClaimReason.CLAIM_REASON_USER_REQUESTED,
    });
    expect(cancelled.status).toBe(ClaimStatus.CLAIM_STATUS_CANCELLED);
    expect((await f.find('mine-too@example.com')).ispb).toBe(BANK);
    const late = await callError(c(), c().completeClaim, { ispb: OTHER_BANK, claimId: claim.id });
    expect(trailer(late.metadata, 'codepix-error-code')).toBe('CLAIM.INVALID_TRANSITION');
  });

  it('completes an unanswered ownership claim after the period, and cancels an unanswered portability', async () => {
    const ownership = await claimed(ClaimKind.CLAIM_KIND_OWNERSHIP, 'quiet@example.com', OTHER_CPF);
    const portability = await claimed(ClaimKind.CLAIM_KIND_PORTABILITY, 'still@example.com', PERSON_CPF);
    await step.acknowledge(ownership.id);
    await step.acknowledge(portability.id);
    const early = await callError(c(), c().completeClaim, { ispb: OTHER_BANK, claimId: ownership.id });
    expect(trailer(early.metadata, 'codepix-error-code')).toBe('CLAIM.RESOLUTION_PENDING');
    await sleep(RESOLUTION_MS + 1_000);

    const done = await step.complete(ownership.id);
    expect([done.status, done.reason]).toEqual([
      ClaimStatus.CLAIM_STATUS_COMPLETED,
      ClaimReason.CLAIM_REASON_DEFAULT_OPERATION,
    ]);
    expect((await f.find('quiet@example.com')).ownerTaxIdMasked).not.toBe(ownership.donor?.ownerTaxIdMasked);
    const swept = await call(c(), c().getClaim, { ispb: OTHER_BANK, claimId: portability.id });
    expect([swept.status, swept.reason, swept.history.at(-1)?.by]).toEqual([
      ClaimStatus.CLAIM_STATUS_CANCELLED,
      ClaimReason.CLAIM_REASON_DEFAULT_OPERATION,
      'hub',
    ]);
    expect((await f.find('still@example.com')).ispb).toBe(BANK);
  });

  it("lists only the calling bank's claims, by role", async () => {
    const asDonor = await call(c(), c().listClaims, {
      ispb: BANK,
      role: ClaimRole.CLAIM_ROLE_DONOR,
      status: 0,
      key: '',
      pageSize: 0,
    });
    expect(asDonor.claims.length).toBeGreaterThan(0);
    expect(asDonor.claims.every((x) => x.donor?.ispb === BANK)).toBe(true);
    const asClaimer = await call(c(), c().listClaims, {
      ispb: BANK,
      role: ClaimRole.CLAIM_ROLE_CLAIMER,
      status: 0,
      key: '',
      pageSize: 0,
    });
    expect(asClaimer.claims).toEqual([]);
  });
});
