import { type Claim, PAGE_SIZE_MAX, parseClaimStatus, ValidationError } from '../../domain';
import type { ClaimQuery } from '../ports/claim-unit-of-work';
import { parseAnyKey } from './find-pix-key';

const DEFAULT_PAGE_SIZE = 50;

export interface ListClaimsInput {
  /** The calling bank: only its own claims are listed. */
  ispb: string;
  role?: 'claimer' | 'donor';
  status?: unknown;
  key?: unknown;
  pageSize?: unknown;
}

/** The calling bank's claims, as claimer, donor or either, newest first. */
export class ListClaims {
  constructor(private readonly claims: ClaimQuery) {}

  async execute(input: ListClaimsInput): Promise<Claim[]> {
    const status = input.status === undefined ? undefined : parseClaimStatus(input.status);
    const key = input.key === undefined || input.key === '' ? undefined : parseAnyKey(input.key);
    const size = input.pageSize === undefined || input.pageSize === 0 ? DEFAULT_PAGE_SIZE : input.pageSize;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > PAGE_SIZE_MAX) {
      throw new ValidationError('page_size', `must be 1 to ${PAGE_SIZE_MAX}`);
    }
    return this.claims.list({ ispb: input.ispb, role: input.role, status, key, limit: size });
  }
}
