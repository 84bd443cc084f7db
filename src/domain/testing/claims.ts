import { Account } from '../account';
import { Claim } from '../claim';
import type { ClaimKind, ClaimStatus } from '../claim-rules';
import { Ispb } from '../ispb';
import type { KeyKind } from '../pix-key-value';
import { parseTaxId } from '../tax-id';

// Spec-only claims: Maria at bank A holds the key; Maria at bank B claims its portability, João at bank
// B its ownership.

export const DONOR_ISPB = '11111111';
export const CLAIMER_ISPB = '22222222';
export const BY_DONOR = `bank:${DONOR_ISPB}` as const;
export const BY_CLAIMER = `bank:${CLAIMER_ISPB}` as const;
export const MARIA_TAX_ID = '52998224725';
export const JOAO_TAX_ID = '11144477735';
export const CREATED_AT = new Date('2026-12-01T10:00:00Z');
export const RESOLUTION_MS = 7 * 24 * 3_600_000;

export const claimAccount = (ispb: string, number: string, ownerTaxId: string): Account =>
  Account.restore({
    id: `account-${ispb}-${number}`,
    ispb: Ispb.create(ispb),
    branch: '0001',
    number,
    type: 'CACC',
    ownerName: ownerTaxId === MARIA_TAX_ID ? 'Maria Souza' : 'João Lima',
    ownerTaxId: parseTaxId(ownerTaxId),
  });

export const MARIA_AT_DONOR = claimAccount(DONOR_ISPB, '12345', MARIA_TAX_ID);
export const MARIA_AT_CLAIMER = claimAccount(CLAIMER_ISPB, '555', MARIA_TAX_ID);
export const JOAO_AT_CLAIMER = claimAccount(CLAIMER_ISPB, '777', JOAO_TAX_ID);

/** A new claim: portability to Maria's account at B, ownership to João's; the key is Maria's email. */
export function openClaim(kind: ClaimKind, keyKind: KeyKind = 'email', key = 'maria@example.com'): Claim {
  return Claim.open({
    id: `claim-${kind}`,
    kind,
    keyKind,
    key,
    claimer: kind === 'portability' ? MARIA_AT_CLAIMER : JOAO_AT_CLAIMER,
    donor: MARIA_AT_DONOR,
    now: CREATED_AT,
  });
}

/** A claim restored in `status`, as stored after the steps that lead there (its changes taken). */
export function claimIn(kind: ClaimKind, status: ClaimStatus): Claim {
  const claim = openClaim(kind);
  const at = new Date(CREATED_AT.getTime() + 1000);
  if (status !== 'open') claim.acknowledge('donor', at, BY_DONOR, RESOLUTION_MS);
  if (status === 'confirmed') claim.confirm('donor', 'USER_REQUESTED', at, BY_DONOR);
  if (status === 'completed') {
    claim.confirm('donor', 'USER_REQUESTED', at, BY_DONOR);
    claim.complete('claimer', at, BY_CLAIMER);
  }
  if (status === 'cancelled') claim.cancel('claimer', 'USER_REQUESTED', at, BY_CLAIMER);
  return Claim.restore({ ...claim.snapshot });
}
