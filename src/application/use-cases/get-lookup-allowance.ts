import { categoryOf, endUserBucket, type LookupPolicy, participantBucket } from '../lookup-policy';
import type { BankRepository } from '../ports/bank-repository';
import type { BucketState, LookupAllowance } from '../ports/lookup-allowance';
import { requireActiveBank } from '../require-active-bank';

export interface LookupAllowanceView {
  /** The row of the lookup table the bank's bucket is sized by. */
  category: string;
  participant: BucketState;
  /** Present when the caller named an end user. */
  endUser?: BucketState;
}

/** A bank reads how many lookups it (and one of its end users) may still make; it costs no token. */
export class GetLookupAllowance {
  constructor(
    private readonly banks: BankRepository,
    private readonly allowance: LookupAllowance,
    private readonly policy: LookupPolicy,
  ) {}

  async execute(input: { participantIspb: unknown; endUserTaxId?: unknown }): Promise<LookupAllowanceView> {
    const endUser =
      input.endUserTaxId === undefined ? undefined : endUserBucket(this.policy, input.endUserTaxId);
    const bank = await requireActiveBank(this.banks, input.participantIspb);
    const own = participantBucket(this.policy, bank);
    return {
      category: categoryOf(this.policy, bank),
      participant: await this.allowance.state(own.id, own.limits),
      endUser: endUser && (await this.allowance.state(endUser.id, endUser.limits)),
    };
  }
}
