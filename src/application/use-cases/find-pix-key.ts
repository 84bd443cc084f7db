import { ExhaustedError, inferKeyKind, NotFoundError, normaliseKey, parseTaxId } from '../../domain';
import {
  charges,
  endUserBucket,
  type LookupBucket,
  type LookupPolicy,
  participantBucket,
} from '../lookup-policy';
import type { PixKeyView } from '../pix-key-view';
import type { BankRepository } from '../ports/bank-repository';
import type { BucketId, LookupAllowance } from '../ports/lookup-allowance';
import type { PixKeyRepository } from '../ports/pix-key-repository';
import { requireActiveBank } from '../require-active-bank';

/** Normalises any key the way registration does, so `Maria@Example.COM` finds `maria@example.com`. */
export function parseAnyKey(value: unknown): string {
  return normaliseKey(inferKeyKind(value), value);
}

export interface FindPixKeyInput {
  /** The calling bank: its certificate's ISPB (the request's `ispb` only with security off). */
  participantIspb: unknown;
  /** The payer the bank looks up for (metadata `codepix-end-user`); without it only the bank's bucket applies. */
  endUserTaxId?: unknown;
  key: unknown;
}

export class FindPixKey {
  constructor(
    private readonly banks: BankRepository,
    private readonly pixKeys: PixKeyRepository,
    private readonly allowance: LookupAllowance,
    private readonly policy: LookupPolicy,
  ) {}

  async execute(input: FindPixKeyInput): Promise<PixKeyView> {
    const key = parseAnyKey(input.key);
    const endUser = input.endUserTaxId === undefined ? [] : [endUserBucket(this.policy, input.endUserTaxId)];
    const bank = await requireActiveBank(this.banks, input.participantIspb);
    const buckets = [participantBucket(this.policy, bank), ...endUser];
    // Every lookup reserves what a miss costs before looking: refusing only the misses would tell a
    // scraper which keys exist, for free. A hit gives the difference back.
    const reserved = charges(buckets, (b) => b.missed);
    const outcome = await this.allowance.take(reserved);
    if (!outcome.taken) throw exhausted(outcome.bucket, outcome.retryAfterMs);
    let view: PixKeyView | null;
    try {
      view = await this.findActive(key);
    } catch (error) {
      // Nothing was learnt: the caller owes nothing.
      this.allowance.giveBack(reserved);
      throw error;
    }
    if (!view) throw new NotFoundError('PIX_KEY.NOT_FOUND', `no active key ${key}`);
    this.allowance.giveBack(charges(buckets, (b: LookupBucket) => b.missed - b.found));
    return view;
  }

  /** A deactivated bank can receive nothing, so its keys lead nowhere: they are not shown. */
  private async findActive(key: string): Promise<PixKeyView | null> {
    const view = await this.pixKeys.findView(key);
    const holder = view && (await this.banks.findByIspb(view.ispb));
    return view && holder?.active ? view : null;
  }
}

/** RESOURCE_EXHAUSTED, saying whose bucket ran short and when to retry, in words and in milliseconds. */
function exhausted(bucket: BucketId, retryAfterMs: number): ExhaustedError {
  const [kind, id] = bucket.split(':');
  const whose = kind === 'participant' ? `bank ${id}` : `end user ${parseTaxId(id).masked()}`;
  const code = kind === 'participant' ? 'LOOKUP.PARTICIPANT_RATE_LIMITED' : 'LOOKUP.END_USER_RATE_LIMITED';
  const seconds = Math.ceil(retryAfterMs / 100) / 10;
  return new ExhaustedError(code, `${whose} has used up its lookups: retry in ${seconds} s`, retryAfterMs);
}
